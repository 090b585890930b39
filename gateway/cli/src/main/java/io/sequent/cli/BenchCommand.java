package io.sequent.cli;

import io.aeron.Aeron;
import io.sequent.auth.Credentials;
import io.sequent.bench.EchoClient;
import io.sequent.bench.EchoResponder;
import io.sequent.bench.FixedRateLoad;
import io.sequent.bench.FlowSlice;
import io.sequent.bench.ForwardingListener;
import io.sequent.bench.LatencyReport;
import io.sequent.bench.ParallelLoad;
import io.sequent.bench.PercentilePlot;
import io.sequent.bench.RateShortfall;
import io.sequent.cli.cluster.ClusterBench;
import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.config.DurabilityConverter;
import io.sequent.cli.config.ServerConfigurator;
import io.sequent.cli.config.ServerFlags;
import io.sequent.cli.config.ServerSetting;
import io.sequent.cli.output.JsonWriter;
import io.sequent.client.ClientContext;
import io.sequent.client.SequentClient;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.gateway.EmbeddedDriver;
import io.sequent.gateway.SequentServer;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.sequent.exchange.ExchangeModule;
import io.sequent.journal.DurabilityPolicy;
import io.sequent.codecs.config.Settings;
import io.sequent.codecs.config.Configuration;
import io.sequent.codecs.config.DefaultAeronDirectory;
import io.sequent.gateway.ServerConfiguration;

/**
 * {@code sequent bench}: a fixed-rate load of the exchange order flow over Aeron (UDP or IPC) from several clients,
 * coordinated-omission corrected, warm-up excluded; then, in the same run, a raw Aeron echo over the same kind of
 * channel with the same message sizes, rate and histogram treatment, so the engine's round trip is reported as a
 * ratio to the transport's. Writes {@code bench.hgrm} (and {@code echo.hgrm}) and {@code bench.png}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Fixed-rate load generator with a raw Aeron echo for comparison; writes .hgrm files and a PNG plot.")
public final class BenchCommand implements Callable<Integer>
{
    private static final int ECHO_STREAM_ID = 1001;
    private static final int ECHO_REPLY_STREAM_ID = 2001;
    private static final int EGRESS_STREAM_ID = 3001;
    private static final int MAX_IN_FLIGHT = 4096;
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;

    @Option(names = "--channel", defaultValue = "udp",
        description = "udp (loopback) or ipc (default: ${DEFAULT-VALUE})")
    String channel;

    @Option(names = "--rate", defaultValue = "20000",
        description = "commands per second, all clients together (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "10s", converter = StatCommand.DurationConverter.class,
        description = "measured time after the warm-up (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", converter = Warmup.Converter.class,
        description = Warmup.DESCRIPTION + ", first (default: ${DEFAULT-VALUE})")
    Warmup warmupOption;

    @Option(names = "--clients", defaultValue = "1",
        description = "client connections, each at rate/clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--traders", defaultValue = "1000", description = "accounts trading (default: ${DEFAULT-VALUE})")
    int traders;

    @Option(names = "--instruments", defaultValue = "4", description = "instruments (default: ${DEFAULT-VALUE})")
    int instruments;

    @Option(names = "--seed", defaultValue = "7", description = "of the order flow (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "bench", description = "report directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--cluster", description = "deposits against three Sequent cluster nodes, then against three " +
        "nodes of an Aeron Cluster echo service at the same rate and sizes: throughput, round trips, ratios " +
        "(--rate default 2000 here; nodes in OUT/cluster-TIME)")
    boolean cluster;

    @Option(names = "--dir", description = "data directory of the embedded server (default: a new one under data/)")
    Path dir;

    @Option(names = "--durability", paramLabel = "POLICY", converter = DurabilityConverter.class,
        description = "of the embedded server: " + DurabilityConverter.DESCRIPTION)
    DurabilityPolicy durability;

    @Option(names = "--json", description = "the summary as one JSON document on standard output (the report " +
        "goes to standard error)")
    boolean json;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--ingress", description = "ingress of a running server to load instead of an embedded one " +
        "(with --aeron-dir: its driver; the echo runs on that driver too)")
    String ingress;

    @Option(names = "--auth-file", description = "with --ingress: the running server's credentials file; client k " +
        "connects as its k-th client id (an embedded server gets a credentials file of its own)")
    Path authFile;

    @Option(names = "--aeron-dir", description = "the running server's Aeron directory, with --ingress")
    String aeronDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private long[] clientIds(final Path credentialsFile) throws IOException
    {
        if (credentialsFile == null)
        {
            throw new IllegalArgumentException("a running server admits only the clients in its credentials file: " +
                "give it with --auth-file");
        }
        final long[] ids = Files.readAllLines(credentialsFile).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.indexOf('=') > 0)
            .mapToLong(line -> Long.parseLong(line.substring(0, line.indexOf('=')).strip()))
            .limit(clients)
            .toArray();
        if (ids.length < clients)
        {
            throw new IllegalArgumentException(credentialsFile + " names " + ids.length + " client(s), --clients " +
                "asks for " + clients + ": add more with `sequent credentials add`");
        }
        return ids;
    }

    @Override
    public Integer call() throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        if (cluster)
        {
            final int clusterRate = spec.commandLine().getParseResult().hasMatchedOption("--rate") ? rate : 2_000;
            return new ClusterBench(out.resolve("cluster-" + System.currentTimeMillis()), clusterRate,
                warmupOption.durationAt(clusterRate), duration, spec.commandLine().getOut()).run();
        }
        validate();
        final Duration warmup = warmupOption.durationAt(rate);
        final PrintWriter print = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        final boolean ipc = "ipc".equals(channel);
        final String anyPort = ipc ? "aeron:ipc" : "aeron:udp?endpoint=localhost:0";
        final int paced = (int)Math.min(Integer.MAX_VALUE - 1_000_000,
            (long)rate * (warmup.toMillis() + duration.toMillis()) / 1000);
        final int warmupCount = (int)((long)rate * warmup.toMillis() / 1000);
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(seed, traders, instruments).generate(paced);
        Files.createDirectories(out);

        SequentServer server = null;
        Aeron aeron = null;
        final List<SequentClient> sequentClients = new ArrayList<>();
        try
        {
            final String serverIngress;
            final String driverDir;
            final Path credentialsFile;
            if (ingress != null)
            {
                serverIngress = ingress;
                driverDir = aeronDir != null ? aeronDir :
                    Settings.string(Configuration.AERON_DIR_PROP_NAME, DefaultAeronDirectory.forClient());
                final String authSetting = Settings.string(ServerConfiguration.AUTH_FILE_PROP_NAME, null);
                credentialsFile = authFile != null ? authFile : authSetting != null ? Path.of(authSetting) : null;
            }
            else
            {
                final Path dataDir = dir != null ? dir : Path.of("data", "bench-" +
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                // One client id per connection (a client id has one session at a time), secrets made here.
                credentialsFile = dataDir.resolve(CredentialsCommand.DEFAULT_FILE);
                if (!Files.exists(credentialsFile))
                {
                    for (int k = 1; k <= clients; k++)
                    {
                        Credentials.addToFile(credentialsFile, k);
                    }
                }
                final ServerConfigurator configurator = new ServerConfigurator(
                    new ServerFlags(dir, null, durability, null, null))
                    .fixed(ServerSetting.DIR, dataDir.toString(), "bench: a new directory")
                    .fixed(ServerSetting.AUTH_FILE, credentialsFile.toString(), "bench: its own, client ids 1..n")
                    .fixed(ServerSetting.INGRESS_CHANNEL, anyPort, "bench: --channel " + channel)
                    .commandDefault(ServerSetting.AERON_DIR, EmbeddedDriver.uniqueDirectory(),
                        "bench: a new directory");
                final SequentServer.Context serverContext = configurator.newContext(new ExchangeModule());
                server = SequentServer.launch(serverContext);
                serverIngress = server.ingressChannel();
                driverDir = server.aeronDirectoryName();
                print.printf("== embedded server: data %s, aeron dir %s, journal durability %s%n",
                    dataDir.toAbsolutePath(), driverDir,
                    serverContext.engine().durability().name().toLowerCase(Locale.ROOT));
                configurator.describe(serverContext).print(print);
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driverDir));
            print.printf("== bench: %s, %,d commands/s from %d client(s), warm-up %s, measured %s, %,d paced " +
                "commands after a setup of %,d%n", ipc ? "IPC" : "UDP loopback", rate, clients, warmup, duration,
                paced, flow.setupCount());
            if (clients > 1)
            {
                print.println("   note: each client opens and trades its own accounts (account a is client a mod " +
                    clients + "'s: only an account's owner may act on it); the engine numbers orders as they " +
                    "arrive, and several clients' commands arrive interleaved, so part of the flow's cancels and " +
                    "amends name orders that got other ids and are rejected (see rejected by reason below); " +
                    "--clients 1 keeps the flow's exact mix");
            }
            print.flush();

            final long[] clientIds = clientIds(credentialsFile);
            final Credentials credentials = Credentials.load(credentialsFile);
            final List<FixedRateLoad> engineLoads = new ArrayList<>();
            final List<FixedRateLoad.Transport> engineTransports = new ArrayList<>();
            long setupNs = 0;
            int setupRejected = 0;
            for (int k = 0; k < clients; k++)
            {
                final ForwardingListener listener = new ForwardingListener();
                final SequentClient client = SequentClient.connect(new ClientContext()
                    .aeron(aeron)
                    .ingressChannel(serverIngress)
                    .egressChannel(anyPort)
                    .egressStreamId(EGRESS_STREAM_ID + k)
                    .clientId(clientIds[k])
                    .secret(credentials.secret(clientIds[k]))
                    .responseListener(listener));
                sequentClients.add(client);
                // The client's setup (its accounts and deposits; client 0's also the instruments), in order, before
                // any paced command: the client that opens an account owns it.
                final FixedRateLoad setup = new FixedRateLoad(FlowSlice.setup(flow, k, clients), settings(rate, 0,
                    warmup));
                listener.target(setup);
                final long start = System.nanoTime();
                setupRejected += setup.run(client).rejected();
                setupNs += System.nanoTime() - start;
                // At the whole rate: the slice's commands are due at their places in the whole flow.
                final FixedRateLoad load = new FixedRateLoad(FlowSlice.paced(flow, k, clients),
                    settings(rate, warmupCount / clients, warmup));
                listener.target(load);
                engineLoads.add(load);
                engineTransports.add(FixedRateLoad.Transport.of(client));
            }
            print.printf("   setup: %,d commands answered in %.0f ms, %,d rejected%n",
                flow.setupCount(), setupNs / 1e6, setupRejected);
            final FixedRateLoad.Result engine;
            try (ProgressTicker ticker = ProgressTicker.start("engine load", warmup.plus(duration), print))
            {
                engine = ParallelLoad.run(engineLoads, engineTransports);
            }
            print.printf("== engine: %,d paced commands answered at %,.0f/s%n", engine.paced(), engine.throughput());
            warnIfShort(print, "engine", engine);
            print.printf("   rejected %,d:", engine.rejected());
            engine.rejectsByReason().forEach((reason, count) ->
                print.printf(" %s=%,d", ExchangeReasons.name(reason), count));
            print.printf("%n   round trip (CO corrected, warm-up excluded): %s%n",
                LatencyReport.format(engine.latency()));
            print.flush();
            CloseHelper.closeAll(sequentClients);
            sequentClients.clear();

            final FixedRateLoad.Result echo;
            try (ProgressTicker ticker = ProgressTicker.start("echo load", warmup.plus(duration), print))
            {
                echo = echo(aeron, anyPort, flow, warmupCount, warmup);
            }
            print.printf("== raw Aeron echo (same channel kind, message sizes and rate, no engine): %,.0f/s%n",
                echo.throughput());
            warnIfShort(print, "echo", echo);
            print.printf("   round trip (CO corrected, warm-up excluded): %s%n", LatencyReport.format(echo.latency()));
            print.printf("== engine / echo%n%s", LatencyReport.compare("engine", engine.latency(), "echo",
                echo.latency()));

            LatencyReport.writeHgrm(engine.latency(), out.resolve("bench.hgrm"));
            LatencyReport.writeHgrm(echo.latency(), out.resolve("echo.hgrm"));
            new PercentilePlot(String.format("Sequent round trip at %,d/s over %s, %d client(s)", rate,
                ipc ? "IPC" : "UDP", clients))
                .add("engine", engine.latency())
                .add("raw Aeron echo", echo.latency())
                .writePng(out.resolve("bench.png"));
            print.printf("== wrote %s, %s and %s%n", out.resolve("bench.hgrm"), out.resolve("echo.hgrm"),
                out.resolve("bench.png"));
            print.flush();
            if (json)
            {
                final PrintWriter stdout = spec.commandLine().getOut();
                stdout.println(summary(ipc, warmup, engine, echo));
                stdout.flush();
            }
            return 0;
        }
        finally
        {
            CloseHelper.quietCloseAll(sequentClients);
            CloseHelper.quietCloseAll(aeron, server);
        }
    }

    private void warnIfShort(final PrintWriter print, final String what, final FixedRateLoad.Result result)
    {
        final String warning = RateShortfall.warning(what, rate, result.throughput());
        if (warning != null)
        {
            print.println("   " + warning);
        }
    }

    private String summary(
        final boolean ipc, final Duration warmup, final FixedRateLoad.Result engine, final FixedRateLoad.Result echo)
    {
        final JsonWriter summary = new JsonWriter().beginObject()
            .member("channel", ipc ? "ipc" : "udp").member("rate", rate).member("clients", clients)
            .member("warmupMs", warmup.toMillis()).member("durationMs", duration.toMillis());
        for (final String name : new String[]{ "engine", "echo" })
        {
            final FixedRateLoad.Result result = "engine".equals(name) ? engine : echo;
            summary.name(name).beginObject().member("paced", result.paced())
                .member("throughput", result.throughput()).member("rejected", result.rejected())
                .member("rateReached", RateShortfall.warning(name, rate, result.throughput()) == null)
                .name("latency").beginObject();
            LatencyReport.toJson(summary, result.latency()).endObject().endObject();
        }
        summary.name("ratio").beginObject();
        for (final double percentile : LatencyReport.PERCENTILES)
        {
            final long echoValue = echo.latency().getValueAtPercentile(percentile);
            summary.member("p" + LatencyReport.percentileName(percentile),
                echoValue == 0 ? Double.NaN : (double)engine.latency().getValueAtPercentile(percentile) / echoValue);
        }
        summary.endObject().name("files").beginObject()
            .member("engineHgrm", out.resolve("bench.hgrm").toString())
            .member("echoHgrm", out.resolve("echo.hgrm").toString())
            .member("plot", out.resolve("bench.png").toString()).endObject();
        return summary.endObject().toString();
    }

    private FixedRateLoad.Result echo(
        final Aeron aeron,
        final String anyPort,
        final OrderFlowGenerator.Flow flow,
        final int warmupCount,
        final Duration warmup)
    {
        final EchoResponder responder = new EchoResponder(aeron, anyPort, ECHO_STREAM_ID);
        final List<EchoClient> echoClients = new ArrayList<>();
        try (AgentRunner runner = new AgentRunner(Configuration.idleStrategySetting(
            Configuration.IDLE_STRATEGY_PROP_NAME, Configuration.IDLE_STRATEGY_DEFAULT),
            Throwable::printStackTrace, null, responder))
        {
            AgentRunner.startOnThread(runner);
            final List<FixedRateLoad> loads = new ArrayList<>();
            for (int k = 0; k < clients; k++)
            {
                final EchoClient client = new EchoClient(aeron, responder, anyPort, ECHO_REPLY_STREAM_ID + k,
                    HEADER_LENGTH);
                echoClients.add(client);
                final FixedRateLoad load = new FixedRateLoad(FlowSlice.paced(flow, k, clients),
                    settings(rate, warmupCount / clients, warmup));
                client.listener(load);
                loads.add(load);
            }
            return ParallelLoad.run(loads, echoClients);
        }
        finally
        {
            CloseHelper.quietCloseAll(echoClients);
        }
    }

    private FixedRateLoad.Settings settings(final int ratePerSecond, final int warmupCount, final Duration warmup)
    {
        final int timeoutSeconds = (int)(warmup.toSeconds() + duration.toSeconds() + 60);
        return new FixedRateLoad.Settings(ratePerSecond, warmupCount, MAX_IN_FLIGHT, timeoutSeconds);
    }

    private void validate()
    {
        if (!"udp".equals(channel) && !"ipc".equals(channel))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--channel must be udp or ipc, not " + channel);
        }
        if (clients < 1 || rate < clients)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "need at least one client and a rate of at least one command per second per client: --rate " +
                rate + ", --clients " + clients);
        }
        if (aeronDir != null && ingress == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--aeron-dir names a running server's driver: give its --ingress too");
        }
    }
}
