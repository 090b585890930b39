package io.sequent.cli;

import io.sequent.bench.InProcessThroughput;
import io.sequent.bench.LatencyReport;
import io.sequent.bench.RateShortfall;
import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.output.JsonWriter;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code sequent snapshot-latency}: does taking snapshots move the sequencer's tail latency? The same exchange order
 * flow goes through a fresh in-process engine (rings, sequencer, journal, read side) at a fixed rate, once with
 * snapshots off and once with them at a high cadence, and the latency percentiles are printed side by side. Each
 * command is measured from the time it was due to its outcome (coordinated omission corrected, HdrHistogram).
 */
@Command(name = "snapshot-latency", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Latency percentiles of the order flow through an in-process engine, snapshots off vs on.")
public final class SnapshotLatencyCommand implements Callable<Integer>
{
    @Option(names = "--commands", defaultValue = "2000000", description = "order commands (default: ${DEFAULT-VALUE})")
    int commands;

    @Option(names = "--warmup", defaultValue = "500000", converter = Warmup.Converter.class,
        description = Warmup.DESCRIPTION + "; of the commands (default: ${DEFAULT-VALUE})")
    Warmup warmupOption;

    @Option(names = "--json", description = "the table as one JSON document (the report goes to standard error)")
    boolean json;

    @Mixin
    ConfigFileOption config;

    private int warmup;
    private PrintStream report;

    @Option(names = "--rate", defaultValue = "100000", description = "commands/s (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--accounts", defaultValue = "2000", description = "accounts (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--instruments", defaultValue = "10", description = "instruments (default: ${DEFAULT-VALUE})")
    int instruments;

    @Option(names = "--snapshot-every", defaultValue = "100000",
        description = "with snapshots on: every this many events (default: ${DEFAULT-VALUE})")
    long snapshotEvery;

    @Option(names = "--snapshot-interval-ms", defaultValue = "1000",
        description = "with snapshots on: or every this many ms, whichever first (default: ${DEFAULT-VALUE})")
    long snapshotIntervalMs;

    @Option(names = "--rounds", defaultValue = "1",
        description = "off/on pairs, alternating, histograms added up (default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws IOException
    {
        warmup = rate <= 0 ? 0 : (int)Math.min(Integer.MAX_VALUE, warmupOption.commandsAt(rate));
        report = json ? System.err : System.out;
        if (rate <= 0 || commands <= warmup || rounds < 1 || snapshotEvery < 0 || snapshotIntervalMs < 0 ||
            snapshotEvery + snapshotIntervalMs == 0)
        {
            throw new IllegalArgumentException("need --rate > 0, --commands > --warmup, --rounds >= 1 and a " +
                "snapshot cadence (--snapshot-every or --snapshot-interval-ms above 0)");
        }
        report.printf("== generating %,d order commands over %,d accounts and %d instruments (seed 42)%n",
            commands, accounts, instruments);
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(42, accounts, instruments).generate(commands);
        final Run off = new Run("snapshots off");
        final Run on = new Run(String.format("on: %,d ev | %,d ms", snapshotEvery, snapshotIntervalMs));
        for (int round = 1; round <= rounds; round++)
        {
            off.add(runOnce(flow, false));
            on.add(runOnce(flow, true));
        }

        final EngineContext<ExchangeState> defaults = new EngineContext<ExchangeState>().domain(ExchangeDomain::new)
            .conclude();
        // One unit for the table, the one that suits its largest value, so the columns compare.
        final LatencyReport.Unit unit =
            LatencyReport.Unit.of(Math.max(off.latency.getMaxValue(), on.latency.getMaxValue()));
        report.printf("%n== %,d commands measured per run (%,d warm-up), %,d/s, %d round(s), %d cores, " +
            "engine threading %s, event ring %,d slots; latency from due time to outcome, %s%n", commands - warmup,
            warmup, rate, rounds, Runtime.getRuntime().availableProcessors(), defaults.threadingMode(),
            defaults.eventRingSize(), unit.name());
        report.printf("%-12s %26s %26s%n", "", off.name, on.name);
        for (final double p : LatencyReport.PERCENTILES)
        {
            report.printf("%-12s %,26.1f %,26.1f%n", "p" + LatencyReport.percentileName(p),
                unit.convert(off.latency.getValueAtPercentile(p)), unit.convert(on.latency.getValueAtPercentile(p)));
        }
        report.printf("%-12s %,26.1f %,26.1f%n", "max", unit.convert(off.latency.getMaxValue()),
            unit.convert(on.latency.getMaxValue()));
        report.printf("%-12s %,26.0f %,26.0f%n", "commands/s", off.throughput(), on.throughput());
        report.printf("%-12s %,26d %,26d%n", "snapshots", off.snapshots, on.snapshots);
        if (json)
        {
            final JsonWriter out = new JsonWriter().beginObject().member("measuredPerRun", commands - warmup)
                .member("warmup", warmup).member("rate", rate).member("rounds", rounds);
            for (final Run run : new Run[]{ off, on })
            {
                out.name(run == off ? "off" : "on").beginObject().member("label", run.name)
                    .member("throughput", run.throughput()).member("snapshots", run.snapshots)
                    .name("latency").beginObject();
                LatencyReport.toJson(out, run.latency).endObject().endObject();
            }
            System.out.println(out.endObject());
        }
        return 0;
    }

    private Measured runOnce(final OrderFlowGenerator.Flow flow, final boolean snapshots)
        throws IOException
    {
        final Path dataDir = Files.createTempDirectory("sequent-snapshot-latency-");
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>()
            .dataDir(dataDir)
            .domain(ExchangeDomain::new)
            .snapshotEveryEvents(snapshots ? snapshotEvery : 0)
            .snapshotIntervalMs(snapshots ? snapshotIntervalMs : 0)
            // Every snapshot is kept, to count them.
            .snapshotsKept(Integer.MAX_VALUE);
        try
        {
            final InProcessThroughput.Result result;
            try (Engine<ExchangeState> engine = Engine.launch(ctx))
            {
                result = new InProcessThroughput(engine, flow).run(rate, warmup, 2048);
            }
            final int written = new SnapshotStore(ctx.snapshotDir(), 1).list().size();
            report.printf("   snapshots %s: %,.0f commands/s, %,d snapshots; %s%n", snapshots ? "on " : "off",
                result.throughput(), written, LatencyReport.format(result.latency()));
            final String shortfall = RateShortfall.warning("snapshots " + (snapshots ? "on" : "off"), rate,
                result.throughput());
            if (shortfall != null)
            {
                report.println("   " + shortfall);
            }
            return new Measured(result, written);
        }
        finally
        {
            IoUtil.delete(dataDir.toFile(), true);
        }
    }

    /**
     * One run.
     *
     * @param result    latency and throughput.
     * @param snapshots snapshots written during it.
     */
    private record Measured(InProcessThroughput.Result result, int snapshots)
    {
    }

    /**
     * One column of the report: the runs of one mode added up.
     */
    private static final class Run
    {
        final String name;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long commands;
        long elapsedNs;
        long snapshots;

        Run(final String name)
        {
            this.name = name;
        }

        void add(final Measured measured)
        {
            latency.add(measured.result().latency());
            commands += measured.result().commands();
            elapsedNs += measured.result().elapsedNs();
            snapshots += measured.snapshots();
        }

        double throughput()
        {
            return commands * 1e9 / elapsedNs;
        }
    }
}
