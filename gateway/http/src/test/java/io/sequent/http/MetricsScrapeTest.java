package io.sequent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sequent.gateway.GatewayCounters;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} scrapes cleanly: the text is parsed by the Prometheus client's own parser (the Python client's
 * {@code prometheus_client.parser}, Debian's {@code python3-prometheus-client}; the test says so and skips that part
 * where it is absent), and holds a family for every counter the gateway keeps, the engine's positions, the
 * rejections by reason and the latency histograms.
 */
class MetricsScrapeTest
{
    private static final String PYTHON = "/usr/bin/python3";
    private static final String PARSE = String.join("\n",
        "import json, sys",
        "from prometheus_client.parser import text_string_to_metric_families",
        "families = {}",
        "for family in text_string_to_metric_families(sys.stdin.read()):",
        "    families[family.name] = {'type': family.type, 'samples': len(family.samples)}",
        "print(json.dumps(families))");
    private static final Pattern SAMPLE_LINE = Pattern.compile(
        "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\",?)*})? ([-+0-9.eE]+|[-+]?Inf|NaN)$");

    @TempDir
    Path dir;

    @Test
    void theScrapeParsesAndNamesEveryCounter() throws Exception
    {
        try (HttpTestServer face = new HttpTestServer(dir))
        {
            face.command(1, "OpenAccount", face.nextCorrelationId(), "{\"accountId\": 1}");
            // A rejection, so the per-reason counter exists.
            face.command(1, "Withdraw", face.nextCorrelationId(), "{\"accountId\": 1, \"assetId\": 0, \"amount\": 5}");
            final HttpResponse<String> response = face.get("/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            final String text = response.body();

            final List<String> expected = new ArrayList<>();
            face.server.countersReader().forEach((id, type, key, label) ->
            {
                if (type == GatewayCounters.TYPE_ID && !label.matches(".*commands rejected, [A-Z_]+ \\(\\d+\\)$"))
                {
                    expected.add(Metrics.metricName(label));
                }
            });
            assertTrue(expected.size() >= 30, expected.toString());
            expected.addAll(List.of("sequent_commands_rejected_by_reason", "sequent_engine_commands_sequenced",
                "sequent_engine_projected_sequence", "sequent_http_request_duration_seconds",
                "sequent_http_command_duration_seconds"));

            // The grammar of every sample line, whatever is installed.
            final Map<String, String> types = new HashMap<>();
            for (final String line : text.split("\n"))
            {
                if (line.startsWith("# TYPE "))
                {
                    final String[] parts = line.split(" ");
                    types.put(parts[2], parts[3]);
                }
                else if (!line.startsWith("#") && !line.isEmpty())
                {
                    assertTrue(SAMPLE_LINE.matcher(line).matches(), "not a sample line: " + line);
                }
            }
            for (final String name : expected)
            {
                assertTrue(types.containsKey(name) || types.containsKey(name + "_total"), name + " in\n" + text);
            }
            assertEquals("histogram", types.get("sequent_http_request_duration_seconds"));
            assertTrue(text.contains("sequent_commands_rejected_by_reason_total{code=\"102\"," +
                "reason=\"INSUFFICIENT_FUNDS\"} 1"), text);

            final JsonNode parsed = parseWithPrometheusClient(text);
            for (final String name : expected)
            {
                assertTrue(parsed.has(name), name + " parsed by prometheus_client: " + parsed);
            }
            assertEquals("histogram", parsed.get("sequent_http_request_duration_seconds").get("type").asText());
            assertEquals("counter", parsed.get("sequent_commands_received").get("type").asText());
            assertEquals("gauge", parsed.get("sequent_sessions_open").get("type").asText());
        }
    }

    private static JsonNode parseWithPrometheusClient(final String text) throws IOException, InterruptedException
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "the Prometheus parser needs " + PYTHON +
            " with python3-prometheus-client (apt-get install -y python3-prometheus-client): not here, so the " +
            "scrape was checked against the text format's grammar only");
        final Process check = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser")
            .redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        Assumptions.assumeTrue(check.waitFor() == 0, "python3-prometheus-client is not installed " +
            "(apt-get install -y python3-prometheus-client): the scrape was checked against the grammar only");
        final Process parser = new ProcessBuilder(PYTHON, "-c", PARSE).start();
        try (OutputStream in = parser.getOutputStream())
        {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        final String out = new String(parser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(parser.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(parser.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, parser.exitValue(), "the Prometheus parser refused the scrape: " + err);
        return new ObjectMapper().readTree(out);
    }
}
