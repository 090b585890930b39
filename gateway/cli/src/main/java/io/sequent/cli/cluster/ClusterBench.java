package io.sequent.cli.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.sequent.auth.Credentials;
import io.sequent.bench.LatencyReport;
import io.sequent.client.cluster.HmacCredentials;
import io.sequent.cluster.ClusterMembers;
import io.sequent.codecs.session.CommandHeaderDecoder;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.CommandResponseDecoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.gateway.EmbeddedDriver;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code sequent bench --cluster}: the same fixed-rate stream of deposits (same sizes, same rate) against a
 * three-node Sequent cluster and then against a three-node Aeron Cluster whose service only echoes each message;
 * throughput and the round trip's percentiles of both, and their ratio. Round trips are measured from when each
 * command was due, so a stall counts for every command it delayed.
 */
public final class ClusterBench
{
    private static final int NODES = 3;
    private static final int MAX_IN_FLIGHT = 4096;
    private static final int COMMAND_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;

    private final Path dir;
    private final int rate;
    private final Duration warmup;
    private final Duration duration;
    private final PrintWriter out;

    /**
     * @param dir      where the nodes' directories go (new).
     * @param rate     commands per second.
     * @param warmup   how long to send before measuring.
     * @param duration how long to measure.
     * @param out      where the report goes.
     */
    public ClusterBench(final Path dir, final int rate, final Duration warmup, final Duration duration,
        final PrintWriter out)
    {
        this.dir = dir;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
        this.out = out;
    }

    /**
     * @return 0.
     * @throws Exception when a node cannot be started.
     */
    public int run() throws Exception
    {
        Files.createDirectories(dir);
        final Path credentials = dir.resolve("credentials");
        final byte[] secret = Files.exists(credentials) ? Credentials.load(credentials).secret(1) :
            Credentials.addToFile(credentials, 1);
        out.printf("== cluster bench: 3 nodes on loopback, %,d deposits/s, warm-up %d s, measured %d s, " +
            "%d cores%n", rate, warmup.toSeconds(), duration.toSeconds(), Runtime.getRuntime().availableProcessors());
        out.flush();
        final Result sequent = runOne("sequent", false, credentials, secret);
        final Result echo = runOne("echo", true, credentials, secret);
        out.printf("%n== throughput: sequent %,.0f/s, echo %,.0f/s, ratio %.2f%n", sequent.throughput,
            echo.throughput, sequent.throughput / echo.throughput);
        out.print(LatencyReport.compare("sequent", sequent.latency, "echo", echo.latency));
        out.printf("== p50 sequent/echo %.2f; shortfall (commands the window or back-pressure held back): " +
            "sequent %,d, echo %,d%n", (double)sequent.latency.getValueAtPercentile(50) /
            echo.latency.getValueAtPercentile(50), sequent.shortfall, echo.shortfall);
        out.flush();
        return 0;
    }

    private Result runOne(final String name, final boolean echo, final Path credentials, final byte[] secret)
        throws Exception
    {
        final String members = freeMembers();
        final List<NodeProcess> nodes = new ArrayList<>();
        MediaDriver driver = null;
        AeronCluster cluster = null;
        try
        {
            for (int id = 0; id < NODES; id++)
            {
                nodes.add(NodeProcess.start(members, id, dir.resolve(name + "-node-" + id), credentials,
                    dir.resolve(name + "-node-" + id + ".log"), echo));
            }
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(EmbeddedDriver.uniqueDirectory())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, 1_000, 100_000))
                .termBufferSparseFile(true)
                .publicationTermBufferLength(256 * 1024)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            final Load load = new Load(echo);
            cluster = connect(driver, ClusterMembers.parse(members).ingressEndpoints(), load, secret);
            out.printf("== %s: leader node %d%n", name, cluster.leaderMemberId());
            out.flush();
            load.run(cluster);
            out.printf("   %s: %,.0f/s, %s; leader changes during the run %d (the machine's load starves " +
                "heartbeats), %,d re-sent%n", name, load.result.throughput, LatencyReport.format(load.result.latency),
                load.result.leaderChanges, load.resent);
            out.flush();
            return load.result;
        }
        finally
        {
            CloseHelper.quietClose(cluster);
            CloseHelper.quietClose(driver);
            for (final NodeProcess node : nodes)
            {
                node.close();
            }
        }
    }

    private static AeronCluster connect(
        final MediaDriver driver, final String endpoints, final EgressListener listener, final byte[] secret)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        RuntimeException last = null;
        while (System.nanoTime() < deadline)
        {
            try
            {
                return AeronCluster.connect(new AeronCluster.Context()
                    .ingressChannel("aeron:udp?term-length=256k")
                    .ingressEndpoints(endpoints)
                    .egressChannel("aeron:udp?endpoint=localhost:0")
                    .aeronDirectoryName(driver.aeronDirectoryName())
                    .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
                    .egressListener(listener)
                    .credentialsSupplier(new HmacCredentials(1, secret)));
            }
            catch (final RuntimeException ex)
            {
                last = ex;
            }
        }
        throw new IllegalStateException("no leader within 90 s", last);
    }

    private static String freeMembers()
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            final int base = 20_000 + 10 * ThreadLocalRandom.current().nextInt(3_000);
            final String members = "localhost:" + base + ",localhost:" + (base + 10) + ",localhost:" + (base + 20);
            try
            {
                final ClusterMembers parsed = ClusterMembers.parse(members);
                for (int id = 0; id < NODES; id++)
                {
                    parsed.requirePortsFree(id);
                }
                return members;
            }
            catch (final IllegalStateException ex)
            {
                // Taken: try others.
            }
        }
        throw new IllegalStateException("found no free UDP ports for three nodes on localhost");
    }

    /** What one run measured. */
    private static final class Result
    {
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        double throughput;
        long shortfall;
        long leaderChanges;
    }

    /** A fixed-rate load over one cluster session; the egress listener takes each answer's correlation id. */
    private final class Load implements EgressListener
    {
        private final boolean echo;
        private final Result result = new Result();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final CommandResponseDecoder responseDecoder = new CommandResponseDecoder();
        private final CommandHeaderDecoder commandDecoder = new CommandHeaderDecoder();
        private long[] dueNs;
        private long base;
        private int warmupCount;
        private long answeredMeasured;
        private long lastAnswerNs;
        private long inFlight;
        private boolean resend;
        private int resendFrom;
        private long resent;

        Load(final boolean echo)
        {
            this.echo = echo;
        }

        void run(final AeronCluster cluster)
        {
            final ExchangeCommands commands = new ExchangeCommands();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
            final CommandHeaderEncoder commandEncoder = new CommandHeaderEncoder();
            final int total = (int)(rate * (warmup.toMillis() + duration.toMillis()) / 1000);
            warmupCount = (int)(rate * warmup.toMillis() / 1000);
            dueNs = new long[total + 1];
            base = System.currentTimeMillis() * 1_000L;
            // The account the deposits go to: opened first, as any index 0 command.
            final int openLength = commands.openAccount(buffer, COMMAND_HEADER_LENGTH, 1);
            commandEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).sessionId(cluster.clusterSessionId())
                .correlationId(base).token(0);
            dueNs[0] = System.nanoTime();
            inFlight = 1;
            while (cluster.offer(buffer, 0, COMMAND_HEADER_LENGTH + openLength) < 0)
            {
                cluster.pollEgress();
            }
            while (inFlight > 0)
            {
                cluster.pollEgress();
            }
            final int depositLength = commands.deposit(buffer, COMMAND_HEADER_LENGTH, 1, 0, 1);
            final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, 100_000);
            final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
            final long startNs = System.nanoTime();
            long measureStartNs = 0;
            int next = 1;
            long lastKeepAliveNs = startNs;
            while (next <= total || inFlight > 0)
            {
                final long now = System.nanoTime();
                int work = cluster.pollEgress();
                while (next <= total && startNs + (next - 1) * intervalNs <= now)
                {
                    final long due = startNs + (next - 1) * intervalNs;
                    if (next == warmupCount + 1)
                    {
                        measureStartNs = due;
                    }
                    if (inFlight >= MAX_IN_FLIGHT)
                    {
                        result.shortfall++;
                        dueNs[next++] = -1;
                        continue;
                    }
                    commandEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                        .sessionId(cluster.clusterSessionId()).correlationId(base + next).token(0);
                    if (cluster.offer(buffer, 0, COMMAND_HEADER_LENGTH + depositLength) > 0)
                    {
                        dueNs[next++] = due;
                        inFlight++;
                        work++;
                    }
                    else
                    {
                        break;
                    }
                }
                if (resend && cluster.ingressPublication().isConnected())
                {
                    // A new leader: what the old one had not committed is gone, so everything unanswered goes again
                    // (Sequent's ledger answers what it had applied as duplicates; the echo answers anything).
                    resend = false;
                    for (int i = Math.max(1, resendFrom); i < next; i++)
                    {
                        if (dueNs[i] >= 0)
                        {
                            commandEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                                .sessionId(cluster.clusterSessionId()).correlationId(base + i).token(0);
                            if (cluster.offer(buffer, 0, COMMAND_HEADER_LENGTH + depositLength) < 0)
                            {
                                // Pushed back: go on from here next time round, not from the start.
                                resend = true;
                                resendFrom = i;
                                break;
                            }
                            resent++;
                        }
                    }
                }
                if (now - lastKeepAliveNs > TimeUnit.MILLISECONDS.toNanos(500) && cluster.sendKeepAlive())
                {
                    lastKeepAliveNs = now;
                }
                if (cluster.isClosed())
                {
                    throw new IllegalStateException("the cluster closed the bench's session (" + inFlight +
                        " in flight): the nodes are starved of CPU; try a lower --rate");
                }
                if (now - startNs > TimeUnit.SECONDS.toNanos(300))
                {
                    throw new IllegalStateException("the load did not finish within 300 s: " + inFlight +
                        " in flight");
                }
                idle.idle(work);
            }
            result.throughput = answeredMeasured * 1e9 / Math.max(1, lastAnswerNs - measureStartNs);
        }

        @Override
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            headerDecoder.wrap(buffer, offset);
            final long correlationId;
            if (echo)
            {
                commandDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                correlationId = commandDecoder.correlationId();
            }
            else
            {
                responseDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                correlationId = responseDecoder.correlationId();
            }
            final int index = (int)(correlationId - base);
            if (index < 0 || index >= dueNs.length || dueNs[index] < 0)
            {
                return;
            }
            final long now = System.nanoTime();
            if (index > warmupCount)
            {
                result.latency.recordValue(Math.min(now - dueNs[index], result.latency.getHighestTrackableValue()));
                answeredMeasured++;
                lastAnswerNs = now;
            }
            dueNs[index] = -1;
            inFlight--;
        }

        @Override
        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            resend = true;
            resendFrom = 1;
            result.leaderChanges++;
        }
    }
}
