package io.sequent.cli;

import io.sequent.auth.Credentials;
import io.sequent.bench.AccountWorkload;
import io.sequent.bench.FixedRateLoad;
import io.sequent.bench.FlowWorkload;
import io.sequent.bench.ForwardingListener;
import io.sequent.bench.LatencyReport;
import io.sequent.bench.RateShortfall;
import io.sequent.cli.cluster.ClusterDemo;
import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.config.DurabilityConverter;
import io.sequent.cli.config.ServerConfigurator;
import io.sequent.cli.config.ServerFlags;
import io.sequent.cli.config.ServerSetting;
import io.sequent.client.ClientContext;
import io.sequent.client.SequentClient;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.gateway.EmbeddedDriver;
import io.sequent.gateway.SequentServer;
import io.sequent.http.SequentHttp;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.sequent.engine.domain.DomainModule;
import io.sequent.exchange.ExchangeModule;
import io.sequent.payments.PaymentsModule;
import io.sequent.journal.DurabilityPolicy;

/**
 * {@code sequent demo}: a server with an embedded media driver and a fresh data directory; over Aeron UDP loopback,
 * a client opens accounts and sends deposits and withdrawals, then runs the exchange order flow (orders, cancels,
 * amends), both at a fixed rate with latency reports; balances are read from the Chronicle Map projection while the
 * server runs and checked against what was deposited; a restart shows the journal rebuilding the same state.
 * With {@code --domain payments}, the payments workload instead ({@link PaymentsDemo}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Run a server and a client workload against it, report, then restart and verify recovery.")
public final class DemoCommand implements Callable<Integer>
{
    private static final long DEMO_CLIENT_ID = 1;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--dir", paramLabel = "DIR", description = "data directory (default: a new one under data/)")
    Path dir;

    @Option(names = "--accounts", defaultValue = "5000", description = "accounts to open (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--commands", defaultValue = "300000",
        description = "deposits and withdrawals after that (default: ${DEFAULT-VALUE})")
    int commands;

    @Option(names = "--warmup", defaultValue = "50000", converter = Warmup.Converter.class,
        description = Warmup.DESCRIPTION + "; of the commands of each phase (default: ${DEFAULT-VALUE})")
    Warmup warmup;

    @Option(names = "--rate", defaultValue = "50000", description = "commands per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--assets", defaultValue = "4", description = "assets in play (default: ${DEFAULT-VALUE})")
    int assets;

    @Option(names = "--orders", defaultValue = "300000",
        description = "order commands of the order flow phase (default: ${DEFAULT-VALUE})")
    int orders;

    @Option(names = "--traders", defaultValue = "1000",
        description = "accounts trading in the order flow phase (default: ${DEFAULT-VALUE})")
    int traders;

    @Option(names = "--instruments", defaultValue = "4",
        description = "instruments of the order flow phase (default: ${DEFAULT-VALUE})")
    int instruments;

    @Option(names = "--ingress", paramLabel = "CHANNEL", description = "ingress channel (setting " +
        "sequent.ingress.channel; default for the demo aeron:udp?endpoint=localhost:0, the OS choosing the port)")
    String ingress;

    @Option(names = "--durability", paramLabel = "POLICY", converter = DurabilityConverter.class,
        description = DurabilityConverter.DESCRIPTION)
    DurabilityPolicy durability;

    @Option(names = "--aeron-dir", paramLabel = "DIR", description = "media driver directory (setting aeron.dir; " +
        "default for the demo a new unique one, so it runs beside a server)")
    String aeronDir;

    @Option(names = "--http", paramLabel = "PORT", description = "serve the HTTP face (dashboard, metrics, queries) " +
        "on this port while the demo runs, and print its URL (0: the OS chooses)")
    Integer http;

    @Option(names = "--domain", paramLabel = "NAME", defaultValue = "exchange",
        description = "the domain whose workload to run: exchange or payments (for payments, --commands is the " +
            "workload's size, default " + PaymentsDemo.DEFAULT_COMMANDS + ") (default: ${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--cluster", description = "three cluster nodes as processes on loopback instead of one " +
        "server: deposits (--commands, default 20,000 here) over --accounts (default 8 here), the leader killed " +
        "with SIGKILL half-way, the failover, the killed node's catch-up, and the nodes' state hashes")
    boolean cluster;

    @Spec
    CommandSpec spec;

    @Mixin
    KeyFileOption key;

    @Override
    public Integer call() throws Exception
    {
        // First: an unknown domain is refused before anything is written.
        final DomainModule<?> module = DomainModule.named(domain);
        if (!(module instanceof ExchangeModule) && !(module instanceof PaymentsModule))
        {
            throw new IllegalArgumentException("the demo has a workload for the exchange and for payments, not for " +
                "the domain '" + domain + "': run it with `sequent server --domain " + domain + "`");
        }
        final Path dataDir = dir != null ? dir : Path.of("data", "demo-" +
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (cluster)
        {
            return runCluster(dataDir);
        }
        final long warmupCommands = warmup.commandsAt(rate);
        // The demo admits one client, with a secret made for it in its own data directory: nothing to set up.
        final Path credentialsFile = dataDir.resolve(CredentialsCommand.DEFAULT_FILE);
        final byte[] secret = Files.exists(credentialsFile) ? Credentials.load(credentialsFile).secret(DEMO_CLIENT_ID) :
            Credentials.addToFile(credentialsFile, DEMO_CLIENT_ID);
        if (secret == null)
        {
            throw new IllegalStateException(credentialsFile + " has no client " + DEMO_CLIENT_ID + ": add it with " +
                "`sequent credentials add --file " + credentialsFile + " --client " + DEMO_CLIENT_ID + "`");
        }
        final ServerConfigurator configurator = new ServerConfigurator(
            new ServerFlags(dir, ingress, durability, null, aeronDir, http))
            .fixed(ServerSetting.DIR, dataDir.toString(), "demo: a new directory")
            .fixed(ServerSetting.AUTH_FILE, credentialsFile.toString(), "demo: its own, for its one client")
            .commandDefault(ServerSetting.INGRESS_CHANNEL, "aeron:udp?endpoint=localhost:0", "demo: any free port")
            .commandDefault(ServerSetting.AERON_DIR, EmbeddedDriver.uniqueDirectory(), "demo: a new directory");
        final SequentServer.Context serverContext = configurator.newContext(module);
        final SequentHttp.Context httpContext = configurator.newHttpContext();
        serverContext.engine().keyring(key.keyring());
        final DurabilityPolicy journalDurability = serverContext.engine().conclude().durability();
        System.out.printf("== Sequent demo: data in %s, journal durability %s%n", dataDir.toAbsolutePath(),
            journalDurability.name().toLowerCase(Locale.ROOT));
        if (module instanceof PaymentsModule)
        {
            final boolean sized = spec.commandLine().getParseResult().hasMatchedOption("--commands");
            if (httpContext.enabled())
            {
                System.out.println("   note: --http serves the exchange demo; run `sequent server --domain payments " +
                    "--http PORT` for an HTTP face on payments");
            }
            return new PaymentsDemo(dataDir, serverContext, configurator, DEMO_CLIENT_ID, secret,
                sized ? commands : PaymentsDemo.DEFAULT_COMMANDS).run();
        }

        final AccountWorkload accountsLoad = new AccountWorkload(accounts, commands, assets, 42);
        final OrderFlowGenerator.Flow orderFlow =
            new OrderFlowGenerator(7, traders, accounts + 100_000L, instruments).generate(orders);
        final FixedRateLoad.Settings settings =
            new FixedRateLoad.Settings(rate, (int)Math.min(Integer.MAX_VALUE, warmupCommands), 4096, 600);
        final long liveHash;
        try (SequentServer server = SequentServer.launch(serverContext);
            SequentHttp httpFace = httpContext.enabled() ? SequentHttp.launch(server, httpContext) : null)
        {
            final PrintWriter banner = new PrintWriter(System.out, true);
            configurator.describe(serverContext).print(banner);
            if (httpFace != null)
            {
                System.out.printf("== HTTP face: %s/ (dashboard), %s/metrics, %s/ready%n", httpFace.url(),
                    httpFace.url(), httpFace.url());
            }
            System.out.printf("   engine threading %s, idle strategy %s, embedded driver SHARED with back-off, " +
                "%d cores%n", server.engine().threadingMode(), serverContext.idleStrategy(),
                Runtime.getRuntime().availableProcessors());
            final long[] expected = new long[Math.max(assets, instruments + 1)];
            final ForwardingListener listener = new ForwardingListener();
            try (SequentClient client = SequentClient.connect(new ClientContext()
                    .aeronDirectoryName(server.aeronDirectoryName())
                    .ingressChannel(server.ingressChannel())
                    .clientId(DEMO_CLIENT_ID)
                    .secret(secret)
                    .responseListener(listener)))
            {
                System.out.printf("== client %d authenticated (HMAC-SHA256 challenge), session %d, over %s%n",
                    DEMO_CLIENT_ID, client.sessionId(), server.ingressChannel());

                System.out.printf("== accounts: open %,d, then %,d deposits and withdrawals at %,d/s%n",
                    accounts, commands, rate);
                print(run(client, listener, accountsLoad, settings), rate);
                final long[] net = accountsLoad.netByAsset();
                System.arraycopy(net, 0, expected, 0, net.length);

                System.out.printf("== order flow: %d instruments, %,d traders funded, then %,d orders, cancels and " +
                    "amends at %,d/s%n", instruments, traders, orders, rate);
                final FixedRateLoad.Result flowResult = run(client, listener, new FlowWorkload(orderFlow), settings);
                print(flowResult, rate);
                for (int asset = 0; asset <= instruments; asset++)
                {
                    expected[asset] += traders * OrderFlowGenerator.INITIAL_BALANCE;
                }
                printProjection(dataDir, flowResult.lastSequence(), expected);
            }
            // The HTTP face reads the engine's projections: it stops first.
            CloseHelper.close(httpFace);
            server.close();
            liveHash = server.engine().stateHash();
        }

        System.out.println("== restart: recovering the engine from the journal");
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>().dataDir(dataDir)
            .module(new ExchangeModule()).durability(journalDurability);
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            final long recoveredHash = engine.recoveryReport().stateHash();
            System.out.printf("   %s%n", engine.recoveryReport());
            System.out.printf("   state hash live %016x, recovered %016x: %s%n", liveHash, recoveredHash,
                liveHash == recoveredHash ? "EQUAL" : "DIFFERENT");
            return liveHash == recoveredHash ? 0 : 1;
        }
    }

    private static FixedRateLoad.Result run(
        final SequentClient client,
        final ForwardingListener listener,
        final FixedRateLoad.Source source,
        final FixedRateLoad.Settings settings)
    {
        final FixedRateLoad load = new FixedRateLoad(source, settings);
        listener.target(load);
        return load.run(client);
    }

    private static void print(final FixedRateLoad.Result result, final int rate)
    {
        System.out.printf("   setup answered in %.0f ms; %,d paced commands answered at %,.0f/s%n",
            result.setupNs() / 1e6, result.paced(), result.throughput());
        final String shortfall = RateShortfall.warning("demo", rate, result.throughput());
        if (shortfall != null)
        {
            System.out.println("   " + shortfall);
        }
        System.out.printf("   rejected %,d:", result.rejected());
        result.rejectsByReason().forEach((reason, count) ->
            System.out.printf(" %s=%,d", ExchangeReasons.name(reason), count));
        System.out.println();
        System.out.printf("   round trip (coordinated-omission corrected, warm-up excluded): %s%n",
            LatencyReport.format(result.latency()));
    }

    private static void printProjection(final Path dataDir, final long lastSequence, final long[] expected)
    {
        // A second view of the projection's Chronicle Map file, as another process would open it.
        try (BalanceProjection view = BalanceProjection.open(ExchangeModule.balancesFile(dataDir)))
        {
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (view.lastAppliedSequence() < lastSequence && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            final long[] totals = new long[expected.length];
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
                final boolean equal = totals[asset] == expected[asset];
                holds &= equal;
                System.out.printf("   asset %d: sum of balances %,d, deposits - withdrawals %,d %s%n",
                    asset, totals[asset], expected[asset], equal ? "(equal)" : "(DIFFERENT)");
            }
            System.out.println(holds ? "   invariant holds" : "   INVARIANT BROKEN");
        }
    }

    private int runCluster(final Path dataDir) throws Exception
    {
        final Path credentialsFile = dataDir.resolve(CredentialsCommand.DEFAULT_FILE);
        final byte[] secret = Files.exists(credentialsFile) ? Credentials.load(credentialsFile).secret(DEMO_CLIENT_ID) :
            Credentials.addToFile(credentialsFile, DEMO_CLIENT_ID);
        if (secret == null)
        {
            throw new IllegalStateException(credentialsFile + " has no client " + DEMO_CLIENT_ID + ": add it with " +
                "`sequent credentials add --file " + credentialsFile + " --client " + DEMO_CLIENT_ID + "`");
        }
        final boolean sized = spec.commandLine().getParseResult().hasMatchedOption("--commands");
        final boolean accountsGiven = spec.commandLine().getParseResult().hasMatchedOption("--accounts");
        return new ClusterDemo(dataDir, credentialsFile, DEMO_CLIENT_ID, secret, accountsGiven ? accounts : 8,
            sized ? commands : 20_000).run();
    }
}
