package io.sequent.engine;

import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.state.EngineState;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.journal.JournalReader;
import io.sequent.journal.JournalWriter;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command re-sent with the same (client id, correlation id) is applied once and answered again with its first
 * outcome, live, after a restart that replays the journal and after one that restores a snapshot; every command
 * leaves a record as its last journal entry, and an incomplete command at the journal's end is cut at open.
 */
class ExactlyOnceTest
{
    private static final long CLIENT_A = 11;
    private static final long CLIENT_B = 12;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    private record Outcome(long correlationId, long sequence, int reason, long detail, boolean duplicate)
    {
    }

    private EngineContext<ExchangeState> context()
    {
        return new EngineContext<ExchangeState>().dataDir(dir).domain(ExchangeDomain::new)
            .journalSegmentLength(1 << 20).snapshotEveryEvents(0);
    }

    /**
     * Offers one command as a client and returns its outcome.
     */
    private Outcome send(final Engine<ExchangeState> engine, final long clientId, final long correlationId,
        final int length)
    {
        final List<Outcome> outcomes = new ArrayList<>();
        final OutcomeHandler collect = (sessionId, correlation, sequence, timestamp, reason, detail, duplicate) ->
            outcomes.add(new Outcome(correlation, sequence, reason, detail, duplicate));
        assertTrue(engine.offer(clientId + 1000, clientId, correlationId, buffer, 0, length) >= 0);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outcomes.isEmpty())
        {
            engine.responder().poll(collect);
            assertTrue(System.nanoTime() < deadline, "an outcome for " + correlationId);
        }
        assertEquals(1, outcomes.size());
        assertEquals(correlationId, outcomes.get(0).correlationId());
        return outcomes.get(0);
    }

    private Outcome deposit(final Engine<ExchangeState> engine, final long client, final long correlation,
        final long account, final long amount)
    {
        return send(engine, client, correlation, commands.deposit(buffer, 0, account, 0, amount));
    }

    @Test
    void aCommandOfferedTwiceIsAppliedOnceAndTheSecondAnswerIsItsFirstOutcome()
    {
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final Outcome open = send(engine, CLIENT_A, 1, commands.openAccount(buffer, 0, 5));
            assertEquals(new Outcome(1, 2, 0, 0, false), open, "event 1, record 2");

            final Outcome first = deposit(engine, CLIENT_A, 2, 5, 100);
            assertEquals(new Outcome(2, 4, 0, 0, false), first);
            final Outcome again = deposit(engine, CLIENT_A, 2, 5, 100);
            assertEquals(new Outcome(2, 4, 0, 0, true), again, "the first outcome, marked duplicate");

            // A rejection is an outcome like any other: its record alone, and the same answer when re-sent.
            final Outcome rejected = send(engine, CLIENT_A, 3, commands.withdraw(buffer, 0, 5, 0, 1_000));
            assertEquals(new Outcome(3, 5, ExchangeReasons.INSUFFICIENT_FUNDS, rejected.detail(), false), rejected);
            final Outcome rejectedAgain = send(engine, CLIENT_A, 3, commands.withdraw(buffer, 0, 5, 0, 1));
            assertEquals(new Outcome(3, 5, ExchangeReasons.INSUFFICIENT_FUNDS, rejected.detail(), true),
                rejectedAgain, "answered from the ledger, not handled again (it would have been accepted)");

            // Different clients with the same correlation ids are different commands (client B on an account of its
            // own: account 5 is client A's, which alone may act on it).
            assertEquals(new Outcome(1, 7, 0, 0, false), send(engine, CLIENT_B, 1, commands.openAccount(buffer, 0, 6)));
            assertEquals(new Outcome(2, 9, 0, 0, false), deposit(engine, CLIENT_B, 2, 6, 10));

            final Outcome next = deposit(engine, CLIENT_A, 4, 5, 1);
            assertEquals(new Outcome(4, 11, 0, 0, false), next, "a duplicate takes no sequence");
            engine.close();
            assertEquals(101, engine.closedState().available(5, 0));
            assertEquals(10, engine.closedState().available(6, 0));
            assertEquals(2, engine.closedLedger().clientCount());
            assertEquals(6, engine.closedLedger().size());
        }
        // open, deposit, the rejected withdrawal (its record alone), client B's open and deposit, the last deposit.
        assertEquals(List.of(false, true, false, true, true, false, true, false, true, false, true),
            recordFlags(), "every command's last entry is its record");
    }

    private List<Boolean> recordFlags()
    {
        final List<Boolean> flags = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(context().journalDir()))
        {
            reader.read(1, (sequence, timestamp, b, offset, length) ->
                flags.add(CommandRecords.isRecord(b, offset, length)));
        }
        return flags;
    }

    @Test
    void aCommandReSentAfterARestartIsStillNotAppliedTwice()
    {
        final long hash;
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            send(engine, CLIENT_A, 1, commands.openAccount(buffer, 0, 5));
            deposit(engine, CLIENT_A, 2, 5, 100);
            send(engine, CLIENT_A, 3, commands.withdraw(buffer, 0, 5, 0, 1_000));
            engine.close();
            hash = engine.stateHash();
        }
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            assertEquals(hash, engine.recoveryReport().stateHash(), "the ledger is rebuilt by replay");
            assertEquals(new Outcome(2, 4, 0, 0, true), deposit(engine, CLIENT_A, 2, 5, 100));
            final Outcome rejected = send(engine, CLIENT_A, 3, commands.withdraw(buffer, 0, 5, 0, 1));
            assertEquals(ExchangeReasons.INSUFFICIENT_FUNDS, rejected.reason());
            assertTrue(rejected.duplicate());
            assertEquals(new Outcome(4, 7, 0, 0, false), deposit(engine, CLIENT_A, 4, 5, 1));
            engine.close();
            assertEquals(101, engine.closedState().available(5, 0));
        }
    }

    @Test
    void aCommandReSentAfterASnapshotRestoreIsStillNotAppliedTwice()
    {
        final long hash;
        try (Engine<ExchangeState> engine = Engine.launch(context().snapshotEveryEvents(4)))
        {
            send(engine, CLIENT_A, 1, commands.openAccount(buffer, 0, 5));
            for (int i = 0; i < 10; i++)
            {
                deposit(engine, CLIENT_A, 100 + i, 5, 1);
            }
            engine.close();
            hash = engine.stateHash();
        }
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final RecoveryReport report = engine.recoveryReport();
            // Snapshots are written on an I/O thread, one at a time: which one is newest depends on the disk's speed,
            // but the first covers the first deposit, whose re-send the restored ledger must recognise.
            assertNotEquals("none", report.snapshot());
            assertTrue(report.eventsReplayed() < 22, report.toString());
            assertEquals(hash, report.stateHash(), "the ledger came back with the snapshot");
            for (int i = 0; i < 10; i++)
            {
                assertTrue(deposit(engine, CLIENT_A, 100 + i, 5, 1).duplicate(), "deposit " + i);
            }
            engine.close();
            assertEquals(10, engine.closedState().available(5, 0));
        }
    }

    @Test
    void aCommandOlderThanTheWindowIsAppliedAgain()
    {
        try (Engine<ExchangeState> engine = Engine.launch(context().dedupWindow(4)))
        {
            send(engine, CLIENT_A, 1, commands.openAccount(buffer, 0, 5));
            for (int i = 2; i <= 6; i++)
            {
                deposit(engine, CLIENT_A, i, 5, 1);
            }
            assertTrue(deposit(engine, CLIENT_A, 3, 5, 1).duplicate(), "4 newest are in the window");
            assertFalse(deposit(engine, CLIENT_A, 2, 5, 1).duplicate(), "the 5th newest was evicted");
            engine.close();
            assertEquals(6, engine.closedState().available(5, 0));
            assertEquals(4, engine.closedLedger().size());
        }
    }

    @Test
    void anIncompleteCommandAtTheEndOfTheJournalIsCutAndTheStateIsThatOfTheCompleteOnes()
    {
        final long hash;
        final long lastSequence;
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            send(engine, CLIENT_A, 1, commands.openAccount(buffer, 0, 5));
            deposit(engine, CLIENT_A, 2, 5, 100);
            engine.close();
            hash = engine.stateHash();
            lastSequence = engine.recoveryReport().lastSequence() + 4;
        }
        // What kill -9 between two frames of one command leaves: events with no record after them.
        final ExpandableArrayBuffer event = new ExpandableArrayBuffer();
        final int[] length = { 0 };
        try (JournalReader reader = JournalReader.open(context().journalDir()))
        {
            reader.read(3, 3, (sequence, timestamp, b, offset, frameLength) ->
            {
                event.putBytes(0, b, offset, frameLength);
                length[0] = frameLength;
            });
        }
        try (JournalWriter writer = JournalWriter.open(context().journalDir(), new JournalWriter.Context()
            .schemaId(MessageHeaderDecoder.SCHEMA_ID).schemaVersion(MessageHeaderDecoder.SCHEMA_VERSION)))
        {
            assertEquals(lastSequence, writer.lastSequence());
            writer.append(lastSequence + 1, 1, event, 0, length[0]);
            writer.append(lastSequence + 2, 1, event, 0, length[0]);
        }
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(lastSequence, report.lastSequence());
            assertTrue(report.journal().contains("INCOMPLETE COMMAND of 2 frames"), report.journal());
            assertEquals(hash, report.stateHash());
            assertEquals(new Outcome(3, lastSequence + 2, 0, 0, false), deposit(engine, CLIENT_A, 3, 5, 1),
                "the next command takes the cut sequences");
            engine.close();
            assertEquals(101, engine.closedState().available(5, 0));
        }
        final EngineState<ExchangeState> replayed =
            EngineState.empty(new ExchangeDomain(), ClientLedger.DEFAULT_WINDOW);
        try (JournalReader reader = JournalReader.open(context().journalDir()))
        {
            assertEquals(lastSequence + 2, reader.read(1, replayed));
        }
        assertEquals(101, replayed.state().available(5, 0));
    }

    @Test
    void aJournalWrittenBeforeRecordsExistedIsReplayedWhole() throws Exception
    {
        final Path fixture = Path.of("src/test/resources/fixtures/journal-v1/journal/journal.dat");
        Files.createDirectories(context().journalDir());
        Files.copy(fixture, context().journalDir().resolve(fixture.getFileName()));
        final EngineState<ExchangeState> replayed =
            EngineState.empty(new ExchangeDomain(), ClientLedger.DEFAULT_WINDOW);
        try (JournalReader reader = JournalReader.open(context().journalDir()))
        {
            assertEquals(2278, reader.read(1, replayed));
        }
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(2278, report.lastSequence(), report.toString());
            assertFalse(report.journal().contains("INCOMPLETE"), report.journal());
            assertEquals(new ExchangeDomain().stateHash(replayed.state()), report.stateHash(),
                "an empty ledger keeps the domain's hash");
            // New commands continue it with records.
            send(engine, CLIENT_A, 1, commands.openAccount(buffer, 0, 999));
            engine.close();
        }
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            assertEquals(2280, engine.recoveryReport().lastSequence());
        }
    }
}
