package io.sequent.cli.cluster;

import io.sequent.client.cluster.SequentClusterClient;
import io.sequent.cluster.ClusterMembers;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.ExchangeModule;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code sequent demo --cluster}: three cluster nodes as processes on loopback, a client sending deposits, the
 * leader killed with SIGKILL mid-stream; prints the new leader, the failover time, the client's progress, what was
 * acknowledged against what the nodes applied, the killed node's catch-up after its restart, and the three nodes'
 * state hashes and journal digests.
 */
public final class ClusterDemo
{
    private static final int NODES = 3;
    private static final int MEMBER_SPACING = 10;

    private final Path dataDir;
    private final int accounts;
    private final int deposits;
    private final long clientId;
    private final byte[] secret;
    private final Path credentialsFile;
    private final PrintStream out = System.out;
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final LongHashSet acknowledged = new LongHashSet();
    private final long[] sent;
    private SequentClusterClient client;
    private long killedAtNs;
    private long failoversAtKill;
    private long firstAckAfterFailoverNs;

    /**
     * @param dataDir         where the nodes' directories go.
     * @param credentialsFile the demo's credentials, read by every node.
     * @param clientId        the demo client.
     * @param secret          its secret.
     * @param accounts        accounts to open.
     * @param deposits        deposits to send.
     */
    public ClusterDemo(
        final Path dataDir,
        final Path credentialsFile,
        final long clientId,
        final byte[] secret,
        final int accounts,
        final int deposits)
    {
        this.dataDir = dataDir;
        this.credentialsFile = credentialsFile;
        this.clientId = clientId;
        this.secret = secret;
        this.accounts = accounts;
        this.deposits = deposits;
        this.sent = new long[accounts + 1];
    }

    /**
     * @return the exit code: 0 when nothing acknowledged was lost and the nodes agree.
     * @throws Exception when a node cannot be started or stopped.
     */
    public int run() throws Exception
    {
        final String members = freeMembers();
        final ClusterMembers memberList = ClusterMembers.parse(members);
        out.printf("== Sequent cluster demo: %d nodes on loopback (%s), data in %s%n", NODES, members,
            dataDir.toAbsolutePath());
        final List<NodeProcess> nodes = new ArrayList<>();
        boolean agreed = false;
        long lost = -1;
        try
        {
            final long startNs = System.nanoTime();
            for (int id = 0; id < NODES; id++)
            {
                nodes.add(start(members, id));
                out.printf("   node %d started (its own JVM: consensus module, archive, engine)%n", id);
            }
            try (SequentClusterClient connected = SequentClusterClient.connect(new SequentClusterClient.Context()
                .ingressEndpoints(memberList.ingressEndpoints())
                .clientId(clientId)
                .secret(secret)
                .connectTimeout(Duration.ofSeconds(60))
                .responseListener((correlationId, sequence, timestamp, reason, detail, duplicate) ->
                {
                    if (reason == 0)
                    {
                        acknowledged.add(correlationId);
                    }
                    if (killedAtNs > 0 && firstAckAfterFailoverNs == 0 && this.client.failovers() > failoversAtKill)
                    {
                        firstAckAfterFailoverNs = System.nanoTime();
                    }
                })))
            {
                this.client = connected;
                out.printf("== leader elected: node %d, %d ms after the nodes were launched; client %d " +
                    "authenticated (HMAC challenge through Aeron Cluster), session %d%n", client.leaderMemberId(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs), clientId, client.sessionId());
                for (int account = 1; account <= accounts; account++)
                {
                    if (!client.send(buffer, 0, commands.openAccount(buffer, 0, account), Duration.ofSeconds(30))
                        .accepted())
                    {
                        throw new IllegalStateException("account " + account + " was not opened");
                    }
                }
                out.printf("== %d accounts opened; now %,d deposits, the leader killed half-way%n", accounts,
                    deposits);
                final int killedNode = load(nodes);
                out.printf("== all %,d deposits acknowledged; %,d re-sent by the client after the failover " +
                    "(applied once: the dedup ledger answered the re-sends of applied ones as duplicates)%n",
                    acknowledged.size(), client.resent());
                final long restartNs = System.nanoTime();
                nodes.set(killedNode, start(members, killedNode));
                awaitSameAppliedPosition(nodes);
                out.printf("== node %d restarted and caught up from its journal and the leader's log in %d ms%n",
                    killedNode, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartNs));
            }
            final String[] hashes = new String[NODES];
            final JournalDigest[] journals = new JournalDigest[NODES];
            for (int id = 0; id < NODES; id++)
            {
                hashes[id] = nodes.get(id).stop();
                journals[id] = JournalDigest.of(nodes.get(id).dir().resolve("engine/journal"));
                out.printf("   node %d: state hash %s, %s%n", id, hashes[id], journals[id]);
            }
            agreed = hashes[0].equals(hashes[1]) && hashes[0].equals(hashes[2]) && journals[0].equals(journals[1]) &&
                journals[0].equals(journals[2]);
            out.println(agreed ? "== the three nodes' state hashes and journals are equal" :
                "== THE NODES DISAGREE");
            lost = checkBalances(nodes.get(0).dir().resolve("engine"));
        }
        finally
        {
            for (final NodeProcess node : nodes)
            {
                node.close();
            }
        }
        return agreed && lost == 0 ? 0 : 1;
    }

    private int load(final List<NodeProcess> nodes) throws Exception
    {
        int offered = 0;
        boolean killed = false;
        boolean reported = false;
        int killedNode = -1;
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
        long nextProgressNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (offered < deposits || acknowledged.size() < deposits)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the deposits were not all acknowledged within 10 minutes: " +
                    acknowledged.size() + " of " + offered);
            }
            int work = 0;
            if (offered < deposits)
            {
                final int account = 1 + offered % accounts;
                if (client.offer(client.nextCorrelationId(), buffer, 0, commands.deposit(buffer, 0, account, 0, 1)) >
                    0)
                {
                    sent[account]++;
                    offered++;
                    work++;
                }
            }
            work += client.poll();
            idle.idle(work);
            final long now = System.nanoTime();
            if (!killed && acknowledged.size() >= deposits / 2)
            {
                killedNode = client.leaderMemberId();
                final int inFlight = client.inFlight();
                nodes.get(killedNode).kill9();
                killedAtNs = System.nanoTime();
                failoversAtKill = client.failovers();
                killed = true;
                out.printf("== SIGKILL to the leader, node %d, with %d deposits in flight (%,d acknowledged)%n",
                    killedNode, inFlight, acknowledged.size());
            }
            if (killed && !reported && firstAckAfterFailoverNs > 0)
            {
                reported = true;
                out.printf("== new leader: node %d; failover time %d ms (the kill to the first acknowledgement " +
                    "from the new leader)%n", client.leaderMemberId(),
                    TimeUnit.NANOSECONDS.toMillis(firstAckAfterFailoverNs - killedAtNs));
            }
            if (now > nextProgressNs)
            {
                out.printf("   client: %,d sent, %,d acknowledged, %d in flight, leader node %d%n", offered,
                    acknowledged.size(), client.inFlight(), client.leaderMemberId());
                nextProgressNs = now + TimeUnit.SECONDS.toNanos(1);
            }
        }
        return killedNode;
    }

    private long checkBalances(final Path engineDir)
    {
        long applied = 0;
        long wrong = 0;
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>()
            .dataDir(engineDir).module(new ExchangeModule())))
        {
            engine.close();
            final ExchangeState state = engine.closedState();
            for (int account = 1; account <= accounts; account++)
            {
                final long balance = state.available(account, 0);
                applied += balance;
                wrong += Math.abs(balance - sent[account]);
            }
        }
        final long lost = Math.max(0, acknowledged.size() - applied);
        out.printf("== %d acknowledged commands lost, %d applied twice (%,d deposits acknowledged, %,d applied " +
            "by the nodes, balances %s)%n", lost, Math.max(0, applied - acknowledged.size()), acknowledged.size(),
            applied, wrong == 0 ? "exactly as sent" : "OFF BY " + wrong);
        return wrong == 0 ? lost : Math.max(1, lost);
    }

    private NodeProcess start(final String members, final int id) throws IOException
    {
        return NodeProcess.start(members, id, dataDir.resolve("node-" + id), credentialsFile,
            dataDir.resolve("node-" + id + ".log"));
    }

    private static void awaitSameAppliedPosition(final List<NodeProcess> nodes) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline)
        {
            final long first = nodes.get(0).applied()[0];
            boolean same = first > 0;
            for (final NodeProcess node : nodes)
            {
                same &= node.applied()[0] == first;
            }
            if (same)
            {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the nodes did not reach the same log position within 120 s");
    }

    private static String freeMembers()
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            final int base = 20_000 + MEMBER_SPACING * ThreadLocalRandom.current().nextInt(3_000);
            final String members = "localhost:" + base + ",localhost:" + (base + MEMBER_SPACING) + ",localhost:" +
                (base + 2 * MEMBER_SPACING);
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
                // Taken: try other ports.
            }
        }
        throw new IllegalStateException("found no free UDP ports for three nodes on localhost");
    }
}
