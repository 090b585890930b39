package io.sequent.gateway;

import io.aeron.cluster.ClusterTool;
import io.sequent.cli.cluster.JournalDigest;
import io.sequent.cli.cluster.NodeProcess;
import io.sequent.client.cluster.SequentClusterClient;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.ExchangeModule;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three cluster nodes as real processes, deposits under load, the leader SIGKILLed mid-stream (each round), the
 * killed node restarted and caught up; a snapshot through the leader, more deposits, the whole cluster stopped and
 * started again from snapshot and log: no acknowledged deposit lost, none applied twice (every account's balance is
 * exactly the deposits sent to it), and all nodes end with the same state hash and the same journal. Rounds:
 * {@code sequent.cluster.rounds} (1 by default, 10 in the soak profile).
 */
final class ClusterFailoverTest
{
    private static final int ACCOUNTS = 8;
    private static final int DEPOSITS_PER_ROUND = 2_000;
    private static final int AFTER_SNAPSHOT = 300;
    private static final Duration DEADLINE = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final long[] sent = new long[ACCOUNTS + 1];
    private final LongHashSet answered = new LongHashSet();
    private SequentClusterClient client;
    private long failoversAtKill = Long.MAX_VALUE;
    private long firstAnswerAfterFailoverNs;

    @Test
    void aKilledLeaderLosesNoAcknowledgedCommandAndTheNodesAgree() throws Exception
    {
        final int rounds = Integer.getInteger("sequent.cluster.rounds", 1);
        final int base = 20_000 + 10 * ThreadLocalRandom.current().nextInt(3_000);
        final String members = "localhost:" + base + ",localhost:" + (base + 10) + ",localhost:" + (base + 20);
        TestServers.writeCredentialsFile(dir);
        final Path auth = dir.resolve("credentials");
        final List<NodeProcess> nodes = new ArrayList<>();
        try
        {
            for (int id = 0; id < 3; id++)
            {
                nodes.add(NodeProcess.start(members, id, dir.resolve("node-" + id), auth, dir.resolve("node-" + id +
                    ".log")));
            }
            try (SequentClusterClient connected = SequentClusterClient.connect(new SequentClusterClient.Context()
                .ingressEndpoints(endpoints(base))
                .clientId(TestServers.CLIENT_ID)
                .secret(TestServers.secret(TestServers.CLIENT_ID))
                .connectTimeout(Duration.ofSeconds(60))
                .responseListener((correlationId, sequence, timestamp, reason, detail, duplicate) ->
                {
                    assertEquals(0, reason, "deposit " + correlationId);
                    assertTrue(answered.add(correlationId), "one answer per deposit: " + correlationId);
                    if (firstAnswerAfterFailoverNs == 0 && client.failovers() > failoversAtKill)
                    {
                        firstAnswerAfterFailoverNs = System.nanoTime();
                    }
                })))
            {
                client = connected;
                for (int account = 1; account <= ACCOUNTS; account++)
                {
                    assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, account),
                        Duration.ofSeconds(30)).accepted());
                }
                final long deadline = System.nanoTime() + DEADLINE.toNanos() * rounds;
                int deposits = 0;
                for (int round = 0; round < rounds; round++)
                {
                    final int target = deposits + DEPOSITS_PER_ROUND;
                    boolean killed = false;
                    long killedAtNs = 0;
                    int killedNode = -1;
                    while (deposits < target || answered.size() < target)
                    {
                        assertTrue(System.nanoTime() < deadline, "round " + round + ": sent " + deposits +
                            ", answered " + answered.size() + ", in flight " + client.inFlight());
                        if (deposits < target && offerDeposit(client, deposits))
                        {
                            deposits++;
                        }
                        client.poll();
                        if (!killed && answered.size() >= target - DEPOSITS_PER_ROUND / 2)
                        {
                            // Kill with deposits in flight: sent, not yet answered.
                            for (int i = 0; i < 200 && deposits < target; i++)
                            {
                                if (offerDeposit(client, deposits))
                                {
                                    deposits++;
                                }
                            }
                            killedNode = client.leaderMemberId();
                            failoversAtKill = client.failovers();
                            firstAnswerAfterFailoverNs = 0;
                            nodes.get(killedNode).kill9();
                            killedAtNs = System.nanoTime();
                            killed = true;
                        }
                    }
                    assertTrue(killed);
                    // Printed, never asserted: the machine is shared.
                    System.out.printf("round %d: leader %d killed, new leader %d, first answer from it %d ms after " +
                        "the kill, %d re-sent so far%n", round, killedNode, client.leaderMemberId(),
                        TimeUnit.NANOSECONDS.toMillis(firstAnswerAfterFailoverNs - killedAtNs), client.resent());
                    nodes.set(killedNode, NodeProcess.start(members, killedNode, dir.resolve("node-" + killedNode),
                        auth, dir.resolve("node-" + killedNode + ".log")));
                }
                assertTrue(client.resent() > 0 || client.failovers() > 0, "the client followed the new leader");

                // A snapshot through the leader, then more commands: a restart loads it and replays the log after.
                awaitSameAppliedPosition(nodes);
                final int leader = client.leaderMemberId();
                assertTrue(ClusterTool.snapshot(dir.resolve("node-" + leader + "/cluster").toFile(), System.out),
                    "snapshot through node " + leader);
                final int target = deposits + AFTER_SNAPSHOT;
                final long snapshotDeadline = System.nanoTime() + DEADLINE.toNanos();
                while (deposits < target || answered.size() < target)
                {
                    assertTrue(System.nanoTime() < snapshotDeadline, "after the snapshot: sent " + deposits +
                        ", answered " + answered.size());
                    if (deposits < target && offerDeposit(client, deposits))
                    {
                        deposits++;
                    }
                    client.poll();
                }
            }
            awaitSameAppliedPosition(nodes);
            final String[] hashes = stopAll(nodes);
            final JournalDigest first = JournalDigest.of(dir.resolve("node-0/engine/journal"));
            assertEquals(first, JournalDigest.of(dir.resolve("node-1/engine/journal")));
            assertEquals(first, JournalDigest.of(dir.resolve("node-2/engine/journal")));

            // The whole cluster stopped and started again: each node checks its engine against the snapshot and
            // skips the log its journal holds; the state is the same.
            for (int id = 0; id < 3; id++)
            {
                nodes.set(id, NodeProcess.start(members, id, dir.resolve("node-" + id), auth,
                    dir.resolve("node-" + id + ".log")));
            }
            for (final NodeProcess node : nodes)
            {
                node.awaitOutput("cluster snapshot at log position", 120);
                node.awaitOutput("cluster service started", 120);
            }
            awaitSameAppliedPosition(nodes);
            assertArrayEquals(hashes, stopAll(nodes), "state hashes after the whole cluster restarted");
            assertEquals(first, JournalDigest.of(dir.resolve("node-0/engine/journal")));
        }
        finally
        {
            for (final NodeProcess node : nodes)
            {
                node.close();
            }
        }
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>()
            .dataDir(dir.resolve("node-1/engine")).module(new ExchangeModule())))
        {
            engine.close();
            final ExchangeState state = engine.closedState();
            long total = 0;
            for (int account = 1; account <= ACCOUNTS; account++)
            {
                assertEquals(sent[account], state.available(account, 0), "account " + account);
                total += sent[account];
            }
            assertEquals(total, state.totalBalance(0));
            assertEquals((long)rounds * DEPOSITS_PER_ROUND + AFTER_SNAPSHOT, total);
        }
    }

    private boolean offerDeposit(final SequentClusterClient client, final int index)
    {
        final int account = 1 + index % ACCOUNTS;
        final long result = client.offer(client.nextCorrelationId(), buffer, 0,
            commands.deposit(buffer, 0, account, 0, 1));
        if (result > 0)
        {
            sent[account]++;
            return true;
        }
        return false;
    }

    private static String[] stopAll(final List<NodeProcess> nodes) throws Exception
    {
        final String[] hashes = new String[nodes.size()];
        for (int id = 0; id < hashes.length; id++)
        {
            hashes[id] = nodes.get(id).stop();
        }
        assertArrayEquals(new String[] {hashes[0], hashes[0], hashes[0]}, hashes, "state hashes");
        return hashes;
    }

    private static void awaitSameAppliedPosition(final List<NodeProcess> nodes) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true)
        {
            final long[] first = nodes.get(0).applied();
            boolean same = first[0] > 0;
            for (final NodeProcess node : nodes)
            {
                same &= node.applied()[0] == first[0];
            }
            if (same)
            {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "nodes did not reach the same log position: " +
                nodes.get(0).applied()[0] + " " + nodes.get(1).applied()[0] + " " + nodes.get(2).applied()[0]);
            Thread.sleep(100);
        }
    }

    private static String endpoints(final int base)
    {
        return "0=localhost:" + base + ",1=localhost:" + (base + 10) + ",2=localhost:" + (base + 20);
    }
}
