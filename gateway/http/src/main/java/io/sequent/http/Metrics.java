package io.sequent.http;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sequent.engine.EnginePositions;
import io.sequent.gateway.GatewayCounters;
import io.sequent.gateway.SequentServer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import org.agrona.concurrent.status.CountersReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /metrics}: every counter the gateway keeps in Aeron's counters file (read at scrape time through the
 * driver's counters reader, so a counter added to {@link GatewayCounters} appears without a change here), the
 * engine's positions, and the HTTP face's latency histograms, in Prometheus text format written by the Prometheus
 * Java client.
 * <p>
 * A counter's name comes from its Aeron label ({@code "sequent: frames rejected, malformed"} is
 * {@code sequent_frames_rejected_malformed_total}); positions, lags and open counts are gauges; the rejections per
 * reason are one counter with {@code reason} and {@code code} labels.
 */
final class Metrics
{
    private static final Pattern BY_REASON =
        Pattern.compile("^sequent: commands rejected, ([A-Z][A-Z0-9_]*) \\((\\d+)\\)$");
    private static final String PREFIX = "sequent: ";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram requests;
    private final Histogram commands;

    Metrics(final SequentServer server)
    {
        requests = Histogram.builder()
            .name("sequent_http_request_duration_seconds")
            .help("HTTP requests served, by method, route and status: time from routing to the answer")
            .labelNames("method", "route", "status")
            .classicOnly()
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                2.5, 5, 10)
            .register(registry);
        commands = Histogram.builder()
            .name("sequent_http_command_duration_seconds")
            .help("HTTP commands from submission to the gateway to their outcome (sequenced, journaled, answered)")
            .labelNames("outcome")
            .classicOnly()
            .classicUpperBounds(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                0.5, 1, 2.5, 5, 10)
            .register(registry);
        registry.register(new ServerCollector(server));
    }

    void requestServed(final HttpServerExchange exchange, final long durationNs)
    {
        final PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        final String route = match != null ? match.getMatchedTemplate() : "unmatched";
        requests.labelValues(exchange.getRequestMethod().toString(), route,
            Integer.toString(exchange.getStatusCode())).observe(durationNs / 1e9);
    }

    void commandAnswered(final String outcome, final long durationNs)
    {
        commands.labelValues(outcome).observe(durationNs / 1e9);
    }

    void serve(final HttpServerExchange exchange)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try
        {
            writer.write(out, registry.scrape());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, writer.getContentType());
        SequentHttp.noCache(exchange);
        exchange.getResponseSender().send(ByteBuffer.wrap(out.toByteArray()));
    }

    /**
     * @param label an Aeron counter's label.
     * @return its Prometheus name, without a {@code _total} suffix.
     */
    static String metricName(final String label)
    {
        final String rest = label.startsWith(PREFIX) ? label.substring(PREFIX.length()) : label;
        final String name = ("sequent_" + rest.toLowerCase(Locale.ROOT)).replaceAll("[^a-z0-9]+", "_");
        return name.replaceAll("_+$", "");
    }

    static boolean isGauge(final String label)
    {
        return label.contains("position") || label.contains(" lag") || label.endsWith(" open");
    }

    /**
     * Reads the gateway's counters and the engine's positions at each scrape.
     */
    private static final class ServerCollector implements MultiCollector
    {
        private final CountersReader counters;
        private final EnginePositions positions;
        private final SequentServer server;

        ServerCollector(final SequentServer server)
        {
            this.server = server;
            this.counters = server.countersReader();
            this.positions = server.engine().positions();
        }

        @Override
        public MetricSnapshots collect()
        {
            final Map<String, MetricSnapshot> snapshots = new LinkedHashMap<>();
            final List<CounterSnapshot.CounterDataPointSnapshot> byReason = new ArrayList<>();
            counters.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (typeId != GatewayCounters.TYPE_ID)
                {
                    return;
                }
                final double value = counters.getCounterValue(counterId);
                final Matcher reason = BY_REASON.matcher(label);
                if (reason.matches())
                {
                    byReason.add(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(Labels.of("reason", reason.group(1), "code", reason.group(2)))
                        .value(value).build());
                    return;
                }
                final String name = metricName(label);
                if (snapshots.containsKey(name))
                {
                    return;
                }
                snapshots.put(name, isGauge(label) ? gauge(name, label, value) : counter(name, label, value));
            });
            if (!byReason.isEmpty())
            {
                final CounterSnapshot.Builder reasons = CounterSnapshot.builder()
                    .name("sequent_commands_rejected_by_reason")
                    .help("commands rejected, by the engine's or the domain's reason");
                byReason.forEach(reasons::dataPoint);
                snapshots.put("sequent_commands_rejected_by_reason", reasons.build());
            }
            put(snapshots, gauge("sequent_engine_commands_sequenced",
                "commands the sequencer has handled since the engine started", positions.commandsSequenced()));
            put(snapshots, gauge("sequent_engine_commands_journaled",
                "commands whose events the journaler has written since the engine started",
                positions.commandsJournaled()));
            put(snapshots, gauge("sequent_engine_projected_sequence",
                "journal sequence of the last event every projection applied", positions.projectedSequence()));
            put(snapshots, gauge("sequent_engine_recovered_sequence",
                "journal sequence recovery ended at when the engine started",
                server.engine().recoveryReport().lastSequence()));
            put(snapshots, gauge("sequent_http_commands_queued",
                "HTTP commands waiting for the gateway agent", server.commandBridge().queued()));
            return new MetricSnapshots(new ArrayList<>(snapshots.values()));
        }

        private static void put(final Map<String, MetricSnapshot> snapshots, final MetricSnapshot snapshot)
        {
            snapshots.put(snapshot.getMetadata().getName(), snapshot);
        }

        private static MetricSnapshot gauge(final String name, final String help, final double value)
        {
            return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
        }

        private static MetricSnapshot counter(final String name, final String help, final double value)
        {
            return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
        }
    }
}
