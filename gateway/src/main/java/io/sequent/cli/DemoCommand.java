package io.sequent.cli;

import io.sequent.bench.AccountWorkload;
import io.sequent.bench.LatencyReport;
import io.sequent.client.SequentClient;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.BalanceProjection;
import io.sequent.exchange.ExchangeReasons;
import io.sequent.exchange.ExchangeState;
import io.sequent.gateway.SequentServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * {@code sequent demo}: a server with an embedded media driver and a fresh data directory, a client workload over
 * Aeron UDP loopback at a fixed rate, a latency report, balances read from the Chronicle Map projection while the
 * server runs, and a restart that shows the journal rebuilding the same state.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a server and a client workload against it, report, then restart and verify recovery.")
public final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--dir", description = "data directory (default: a new one under data/)")
    Path dir;

    @Option(names = "--accounts", defaultValue = "5000", description = "accounts to open (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--commands", defaultValue = "300000",
        description = "deposits and withdrawals after that (default: ${DEFAULT-VALUE})")
    int commands;

    @Option(names = "--warmup", defaultValue = "50000",
        description = "of those, unmeasured warm-up (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--rate", defaultValue = "50000", description = "commands per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--assets", defaultValue = "4", description = "assets in play (default: ${DEFAULT-VALUE})")
    int assets;

    @Option(names = "--ingress", defaultValue = "aeron:udp?endpoint=localhost:0",
        description = "ingress channel; port 0 lets the OS choose (default: ${DEFAULT-VALUE})")
    String ingress;

    @Option(names = "--durability", defaultValue = "NONE",
        description = "journal durability: NONE or BATCH (default: ${DEFAULT-VALUE})")
    String durability;

    @Override
    public Integer call()
    {
        final Path dataDir = dir != null ? dir : Path.of("data", "demo-" +
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        final AccountWorkload workload = new AccountWorkload(new AccountWorkload.Settings(
            accounts, commands, warmup, rate, assets, 4096, 42, 600));

        final SequentServer.Context serverContext = new SequentServer.Context()
            .ingressChannel(ingress)
            .engine(ExchangeNode.engineContext(dataDir, durability));
        System.out.printf("== Sequent demo: data in %s, ingress %s, journal durability %s%n",
            dataDir.toAbsolutePath(), ingress, durability);
        System.out.printf("   ring wait strategy %s, gateway idle strategy %s, embedded driver SHARED with back-off, " +
            "%d cores%n", serverContext.engine().waitStrategy(), serverContext.idleStrategy(),
            Runtime.getRuntime().availableProcessors());
        final AccountWorkload.Result result;
        final long liveHash;
        try (SequentServer server = SequentServer.launch(serverContext))
        {
            try (SequentClient client = SequentClient.connect(new SequentClient.Context()
                .aeronDirectoryName(server.aeronDirectoryName())
                .ingressChannel(server.ingressChannel())
                .responseListener(workload)))
            {
                System.out.printf("== client session %d connected over %s%n", client.sessionId(),
                    server.ingressChannel());
                result = workload.run(client);
            }
            printResult(result);
            printProjection(dataDir, result);
            server.close();
            liveHash = server.engine().stateHash();
        }

        System.out.println("== restart: recovering the engine from the journal");
        final EngineContext<ExchangeState> ctx = ExchangeNode.engineContext(dataDir, durability);
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            final long recoveredHash = engine.recoveryReport().stateHash();
            System.out.printf("   %s%n", engine.recoveryReport());
            System.out.printf("   state hash live %016x, recovered %016x: %s%n", liveHash, recoveredHash,
                liveHash == recoveredHash ? "EQUAL" : "DIFFERENT");
            return liveHash == recoveredHash ? 0 : 1;
        }
    }

    private static void printResult(final AccountWorkload.Result result)
    {
        final AccountWorkload.Settings settings = result.settings();
        System.out.printf("== opened %,d accounts in %.0f ms%n", settings.accounts(), result.accountsOpenedNs() / 1e6);
        System.out.printf("== %,d deposits/withdrawals at a fixed %,d/s: %,.0f commands/s answered%n",
            settings.commands(), settings.ratePerSecond(), result.throughput());
        System.out.printf("   accepted %,d, rejected %,d:", result.accepted(), result.rejected());
        result.rejectsByReason().forEach((reason, count) ->
            System.out.printf(" %s=%,d", ExchangeReasons.name(reason), count));
        System.out.println();
        System.out.printf("   round trip (coordinated-omission corrected, %,d warm-up excluded): %s%n",
            settings.warmupCommands(), LatencyReport.format(result.latency()));
    }

    private static void printProjection(final Path dataDir, final AccountWorkload.Result result)
    {
        // A second view of the projection's Chronicle Map file, as another process would open it.
        try (BalanceProjection view = BalanceProjection.open(ExchangeNode.balancesFile(dataDir)))
        {
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (view.lastAppliedSequence() < result.lastSequence() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            final long[] totals = new long[result.netByAsset().length];
            final long[] accounts = new long[1];
            view.forEach((accountId, assetId, available, reserved) ->
            {
                accounts[0]++;
                if (assetId < totals.length)
                {
                    totals[assetId] += available + reserved;
                }
            });
            System.out.printf("== projection (Chronicle Map, read while the server runs) at sequence %,d: " +
                "%,d balances%n", view.lastAppliedSequence(), accounts[0]);
            boolean holds = true;
            for (int asset = 0; asset < totals.length; asset++)
            {
                final boolean equal = totals[asset] == result.netByAsset()[asset];
                holds &= equal;
                System.out.printf("   asset %d: sum of balances %,d, deposits - withdrawals %,d %s%n",
                    asset, totals[asset], result.netByAsset()[asset], equal ? "(equal)" : "(DIFFERENT)");
            }
            System.out.println(holds ? "   invariant holds" : "   INVARIANT BROKEN");
        }
    }
}
