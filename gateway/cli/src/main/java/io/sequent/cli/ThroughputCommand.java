package io.sequent.cli;

import io.sequent.bench.InProcessThroughput;
import io.sequent.bench.LatencyReport;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.journal.DurabilityPolicy;
import org.agrona.IoUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sequent throughput}: the exchange order flow through an in-process engine (rings, sequencer, journal),
 * no network: commands per second and latency percentiles.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
    description = "Measure the exchange order flow through an in-process engine (ring + sequencer + journal).")
public final class ThroughputCommand implements Callable<Integer>
{
    @Option(names = "--commands", defaultValue = "3000000", description = "order commands (default: ${DEFAULT-VALUE})")
    int commands;

    @Option(names = "--warmup", defaultValue = "1000000", description = "of those, unmeasured (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--accounts", defaultValue = "2000", description = "accounts (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--instruments", defaultValue = "10", description = "instruments (default: ${DEFAULT-VALUE})")
    int instruments;

    @Option(names = "--rate", defaultValue = "0",
        description = "fixed rate in commands/s; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--durability", defaultValue = "NONE",
        description = "NONE, BATCH or INTERVAL (default: ${DEFAULT-VALUE})")
    String durability;

    @Option(names = "--dir", description = "journal directory (default: a temporary one, deleted after)")
    Path dir;

    @Mixin
    KeyFileOption key;

    @Override
    public Integer call() throws IOException
    {
        System.out.printf("== generating %,d order commands over %,d accounts and %d instruments (seed 42)%n",
            commands, accounts, instruments);
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(42, accounts, instruments).generate(commands);
        final Path dataDir = dir != null ? dir : Files.createTempDirectory("sequent-throughput-");
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>()
            .dataDir(dataDir)
            .domain(ExchangeDomain::new)
            .durability(DurabilityPolicy.parse(durability))
            .keyring(key.keyring());
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            System.out.printf("== engine threading %s, journal durability %s, %s, %d cores%n",
                engine.threadingMode(), ctx.durability(), ctx.keyring() != null && ctx.keyring().encrypts() ?
                "encrypted (AES-256-GCM, key id " + ctx.keyring().currentId() + ")" : "not encrypted",
                Runtime.getRuntime().availableProcessors());
            final InProcessThroughput.Result result = new InProcessThroughput(engine, flow).run(rate, warmup, 2048);
            System.out.printf("== %,d commands measured (%,d warm-up before): %,.0f commands/s, %,d rejected%n",
                result.commands(), warmup, result.throughput(), result.rejected());
            System.out.printf("   latency (%s): %s%n", rate > 0 ? "from due time at a fixed " + rate + "/s" :
                "offer to outcome, queueing included", LatencyReport.format(result.latency()));
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
