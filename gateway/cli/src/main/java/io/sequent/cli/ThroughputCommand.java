package io.sequent.cli;

import io.sequent.bench.InProcessThroughput;
import io.sequent.bench.LatencyReport;
import io.sequent.bench.RateShortfall;
import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.config.DurabilityConverter;
import io.sequent.cli.output.JsonWriter;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.journal.DurabilityPolicy;
import org.agrona.IoUtil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sequent throughput}: the exchange order flow through an in-process engine (rings, sequencer, journal),
 * no network: commands per second and latency percentiles.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Measure the exchange order flow through an in-process engine (ring + sequencer + journal).")
public final class ThroughputCommand implements Callable<Integer>
{
    @Option(names = "--commands", defaultValue = "3000000", description = "order commands (default: ${DEFAULT-VALUE})")
    int commands;

    @Option(names = "--warmup", defaultValue = "1000000", converter = Warmup.Converter.class,
        description = Warmup.DESCRIPTION + " (a time needs --rate); of the commands (default: ${DEFAULT-VALUE})")
    Warmup warmup;

    @Option(names = "--accounts", defaultValue = "2000", description = "accounts (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--instruments", defaultValue = "10", description = "instruments (default: ${DEFAULT-VALUE})")
    int instruments;

    @Option(names = "--rate", defaultValue = "0",
        description = "fixed rate in commands/s; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--durability", paramLabel = "POLICY", converter = DurabilityConverter.class,
        description = DurabilityConverter.DESCRIPTION)
    DurabilityPolicy durability;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "data directory of the engine (default: a temporary one, deleted after)")
    Path dir;

    @Option(names = "--json", description = "the result as one JSON document (the report goes to standard error)")
    boolean json;

    @Mixin
    ConfigFileOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    KeyFileOption key;

    @Override
    public Integer call() throws IOException
    {
        final int warmupCommands;
        try
        {
            warmupCommands = (int)Math.min(Integer.MAX_VALUE, warmup.commandsAt(rate));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        if (warmupCommands >= commands)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup " + warmup + " leaves nothing " +
                "of --commands " + commands + " to measure");
        }
        final PrintStream report = json ? System.err : System.out;
        report.printf("== generating %,d order commands over %,d accounts and %d instruments (seed 42)%n",
            commands, accounts, instruments);
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(42, accounts, instruments).generate(commands);
        final Path dataDir = dir != null ? dir : Files.createTempDirectory("sequent-throughput-");
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>()
            .dataDir(dataDir)
            .domain(ExchangeDomain::new)
            .keyring(key.keyring());
        if (durability != null)
        {
            ctx.durability(durability);
        }
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            report.printf("== engine threading %s, journal durability %s, %s, %d cores%n", engine.threadingMode(),
                ctx.durability().name().toLowerCase(Locale.ROOT), ctx.keyring() != null && ctx.keyring().encrypts() ?
                "encrypted (AES-256-GCM, key id " + ctx.keyring().currentId() + ")" : "not encrypted",
                Runtime.getRuntime().availableProcessors());
            final InProcessThroughput.Result result =
                new InProcessThroughput(engine, flow).run(rate, warmupCommands, 2048);
            report.printf("== %,d commands measured (%,d warm-up before): %,.0f commands/s, %,d rejected%n",
                result.commands(), warmupCommands, result.throughput(), result.rejected());
            report.printf("   latency (%s): %s%n", rate > 0 ? "from due time at a fixed " + rate + "/s" :
                "offer to outcome, queueing included", LatencyReport.format(result.latency()));
            final String shortfall = RateShortfall.warning("in-process", rate, result.throughput());
            if (shortfall != null)
            {
                report.println("   " + shortfall);
            }
            if (json)
            {
                final JsonWriter out = new JsonWriter().beginObject().member("commands", result.commands())
                    .member("warmup", warmupCommands).member("rate", rate)
                    .member("durability", ctx.durability().name().toLowerCase(Locale.ROOT))
                    .member("threading", engine.threadingMode().name().toLowerCase(Locale.ROOT))
                    .member("throughput", result.throughput()).member("rejected", result.rejected())
                    .member("rateReached", shortfall == null).name("latency").beginObject();
                System.out.println(LatencyReport.toJson(out, result.latency()).endObject().endObject());
            }
        }
        finally
        {
            if (dir == null)
            {
                IoUtil.delete(dataDir.toFile(), true);
            }
        }
        return 0;
    }
}
