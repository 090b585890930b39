package io.sequent.gateway;

import io.aeron.driver.MediaDriver;
import io.sequent.client.ClientContext;
import io.sequent.client.SequentClient;
import io.sequent.codecs.engine.CommandRecordDecoder;
import io.sequent.codecs.engine.MessageHeaderDecoder;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.RecoveryReport;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.state.EngineState;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.journal.JournalReader;
import org.agrona.IoUtil;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server in a child JVM is killed with SIGKILL at a random moment while a client streams deposits, then restarted
 * on the same directory, round after round (10 by default; the soak profile runs 100, {@code -Dsequent.crash.rounds}).
 * After every kill, recovery in this JVM must give:
 * <ul>
 *     <li>every command the client saw acknowledged in the state: in the client ledger with its outcome, and in the
 *     balances;</li>
 *     <li>the state hash of an independent full replay of the journal from sequence 1 (fresh state, no snapshot),
 *     although the server snapshots often, so recovery usually starts from a snapshot;</li>
 *     <li>exactly once: every command that was in flight at the kill, re-sent with its (client, correlation id), is
 *     answered as a duplicate when it was journaled and applied when it was not, so each balance then equals exactly
 *     the deposits sent to it.</li>
 * </ul>
 * The next round's server must recover that same state (its READY line's hash). The client's automatic reconnect
 * and re-send belong to the client library; here the test re-sends, in-process, as the same client.
 */
class CrashRecoveryTest
{
    private static final int ACCOUNTS = 50;
    private static final int ROUNDS = Integer.getInteger("sequent.crash.rounds", 10);
    // A round's commands (acknowledged, plus at most MAX_IN_FLIGHT + MAX_BURST in flight) stay below the dedup
    // window (4096), as a client's in-flight commands must: all of them stay in its ledger for the checks.
    private static final int MAX_ACKS_PER_ROUND = 2_000;
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final int MAX_BURST = 400;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final long[] sent = new long[ACCOUNTS + 1];
    private final LongArrayList ackedThisRound = new LongArrayList();
    private final Long2LongHashMap inFlight = new Long2LongHashMap(-1);
    private long clientId;
    private long acknowledged;
    private long losses;
    private long reSentJournaled;
    private long reSentApplied;
    private long incompleteCommandsCut;
    private long fromSnapshot;

    @Test
    void everyAcknowledgedCommandSurvivesKill9AndReSentCommandsApplyOnce() throws Exception
    {
        final Path data = dir.resolve("data");
        final SplittableRandom random = new SplittableRandom(7);
        final MediaDriver driver = EmbeddedDriver.launch(null);
        long expectedHash = 0;
        try
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final ServerProcess server = start(data, "server-" + round);
                try
                {
                    if (round > 0)
                    {
                        assertEquals(Long.toHexString(expectedHash), server.field("hash"),
                            "restart of round " + round);
                    }
                    streamUntilKilled(driver, server, round == 0, random);
                }
                finally
                {
                    server.kill9();
                    IoUtil.delete(new File(server.field("aeronDir")), true);
                }
                expectedHash = recoverCheckAndReSend(data, round);
            }

            final ServerProcess last = start(data, "server-last");
            try
            {
                assertEquals(Long.toHexString(expectedHash), last.field("hash"), "the last restart");
            }
            finally
            {
                last.close();
                IoUtil.delete(new File(last.field("aeronDir")), true);
            }
        }
        finally
        {
            driver.close();
        }
        System.out.printf("crash test: %d rounds, %,d acknowledged commands, %d losses; in flight at the kills and " +
            "re-sent: %,d journaled (answered as duplicates), %,d applied on re-send; %d incomplete commands cut; " +
            "%d recoveries from a snapshot%n", ROUNDS, acknowledged, losses, reSentJournaled, reSentApplied,
            incompleteCommandsCut, fromSnapshot);
        assertEquals(0, losses, "acknowledged commands lost");
        assertTrue(acknowledged >= ROUNDS * 500L, "acknowledged commands: " + acknowledged);
    }

    private ServerProcess start(final Path data, final String name) throws Exception
    {
        // Frequent snapshots (every 500 journal entries), so that recovery often starts from one.
        return ServerProcess.start(data, dir.resolve(name + ".log").toAbsolutePath(),
            "sequent.snapshot.every.events=500");
    }

    private void streamUntilKilled(
        final MediaDriver driver,
        final ServerProcess server,
        final boolean openAccounts,
        final SplittableRandom random)
        throws InterruptedException
    {
        ackedThisRound.clear();
        inFlight.clear();
        final int acksBeforeKill = 500 + random.nextInt(MAX_ACKS_PER_ROUND - 500);
        try (SequentClient client = SequentClient.connect(new ClientContext()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .ingressChannel(server.field("ingress"))
            .clientId(TestServers.CLIENT_ID)
            .secret(TestServers.secret(TestServers.CLIENT_ID))
            .responseListener((correlationId, sequence, timestamp, reason, detail, duplicate) ->
            {
                assertEquals(0, reason, "deposit " + correlationId);
                assertFalse(duplicate, "a new client's commands are new");
                if (inFlight.remove(correlationId) != -1)
                {
                    ackedThisRound.addLong(correlationId);
                }
            })))
        {
            clientId = TestServers.CLIENT_ID;
            if (openAccounts)
            {
                for (int account = 1; account <= ACCOUNTS; account++)
                {
                    assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, account),
                        Duration.ofSeconds(10)).accepted());
                }
            }
            // Deposits of 1 each, to the account named by the correlation id's residue.
            long correlationId = client.nextCorrelationId();
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ackedThisRound.size() < acksBeforeKill)
            {
                assertTrue(System.nanoTime() < deadline, "acknowledgements arrive");
                if (inFlight.size() < MAX_IN_FLIGHT && offer(client, correlationId))
                {
                    correlationId++;
                }
                client.poll();
            }
            // Kill at a random moment with commands in flight: some sent, not yet acknowledged, some half written.
            final int burst = random.nextInt(MAX_BURST);
            for (int i = 0; i < burst; i++)
            {
                if (offer(client, correlationId))
                {
                    correlationId++;
                }
            }
            final long spinUntil = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(random.nextInt(3_000));
            while (System.nanoTime() < spinUntil)
            {
                client.poll();
            }
            server.kill9();
            // Acknowledgements already in the client's egress still count: they were sent after journaling.
            final long drainUntil = System.nanoTime() + Duration.ofMillis(200).toNanos();
            while (System.nanoTime() < drainUntil)
            {
                client.poll();
            }
        }
        acknowledged += ackedThisRound.size();
    }

    private boolean offer(final SequentClient client, final long correlationId)
    {
        final int account = accountOf(correlationId);
        if (client.offer(correlationId, buffer, 0, commands.deposit(buffer, 0, account, 0, 1)) > 0)
        {
            sent[account]++;
            inFlight.put(correlationId, account);
            return true;
        }
        return false;
    }

    private static int accountOf(final long correlationId)
    {
        return 1 + (int)Math.floorMod(correlationId, (long)ACCOUNTS);
    }

    /**
     * Recovers in this JVM, checks the recovered state against a full replay and the acknowledgements, re-sends what
     * was in flight as the same client, and returns the state hash the next server must recover.
     */
    private long recoverCheckAndReSend(final Path data, final int round)
    {
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>()
            .dataDir(data).domain(ExchangeDomain::new).snapshotEveryEvents(0);
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            final RecoveryReport report = engine.recoveryReport();
            if (report.journal().contains("INCOMPLETE COMMAND"))
            {
                incompleteCommandsCut++;
            }
            if (!"none".equals(report.snapshot()))
            {
                fromSnapshot++;
            }

            // An independent replay of the whole journal (as the engine left it at open): fresh state, no snapshot.
            final EngineState<ExchangeState> replayed =
                EngineState.empty(new ExchangeDomain(), ClientLedger.DEFAULT_WINDOW);
            final Long2LongHashMap recorded = new Long2LongHashMap(-1);
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final CommandRecordDecoder record = new CommandRecordDecoder();
            try (JournalReader reader = JournalReader.open(ctx.journalDir()))
            {
                assertEquals(report.lastSequence(), reader.read(1, report.lastSequence(),
                    (sequence, timestamp, b, offset, length) ->
                    {
                        replayed.onFrame(sequence, timestamp, b, offset, length);
                        if (CommandRecords.isRecord(b, offset, length))
                        {
                            record.wrapAndApplyHeader(b, offset, header);
                            if (record.clientId() == clientId)
                            {
                                final long before = recorded.put(record.correlationId(), sequence);
                                assertEquals(-1, before, "round " + round + ": command " + record.correlationId() +
                                    " recorded at " + before + " and again at " + sequence);
                            }
                        }
                    }));
            }
            assertEquals(replayed.hash(), report.stateHash(), "round " + round + ": recovery equals a full replay");

            // Every acknowledged command is in the state, with its outcome.
            final ClientLedger ledger = replayed.ledger();
            for (int i = 0; i < ackedThisRound.size(); i++)
            {
                final long correlationId = ackedThisRound.getLong(i);
                if (!ledger.find(clientId, correlationId) || ledger.foundReason() != 0)
                {
                    losses++;
                }
            }
            assertEquals(0, losses, "round " + round + ": acknowledged commands missing from the ledger");
            final ExchangeState state = replayed.state();
            for (int account = 1; account <= ACCOUNTS; account++)
            {
                assertTrue(state.available(account, 0) <= sent[account], "account " + account + " got more than sent");
            }

            reSendInFlight(engine, round);
            engine.close();
            final ExchangeState after = engine.closedState();
            long total = 0;
            for (int account = 1; account <= ACCOUNTS; account++)
            {
                assertEquals(sent[account], after.available(account, 0), "round " + round + ": account " + account +
                    " holds every deposit sent to it exactly once");
                total += sent[account];
            }
            assertEquals(total, after.totalBalance(0), "no deposit went anywhere else");
            return engine.stateHash();
        }
    }

    private void reSendInFlight(final Engine<ExchangeState> engine, final int round)
    {
        final long[] answers = { 0, 0, 0 };
        final OutcomeHandler count = (sessionId, correlationId, sequence, timestamp, reason, detail, duplicate) ->
        {
            answers[reason == 0 ? (duplicate ? 0 : 1) : 2]++;
            return true;
        };
        final Long2LongHashMap.KeyIterator keys = inFlight.keySet().iterator();
        while (keys.hasNext())
        {
            final long correlationId = keys.nextValue();
            final int length = commands.deposit(buffer, 0, accountOf(correlationId), 0, 1);
            while (engine.offer(clientId, clientId, correlationId, buffer, 0, length) < 0)
            {
                engine.responder().poll(count);
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answers[0] + answers[1] + answers[2] < inFlight.size())
        {
            assertTrue(System.nanoTime() < deadline, "round " + round + ": answers to the re-sent commands");
            engine.responder().poll(count);
        }
        assertEquals(0, answers[2], "round " + round + ": re-sent deposits rejected");
        reSentJournaled += answers[0];
        reSentApplied += answers[1];
    }
}
