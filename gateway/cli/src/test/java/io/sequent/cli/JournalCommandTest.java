package io.sequent.cli;

import io.sequent.engine.Engine;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.state.EngineState;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.ExchangeModule;
import io.sequent.engine.EngineContext;

class JournalCommandTest
{
    /** The version of the exchange schema today's code writes. */
    private static final int EXCHANGE_VERSION = io.sequent.codecs.exchange.MessageHeaderEncoder.SCHEMA_VERSION;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private long outcomes;
    private final OutcomeHandler count =
        (session, correlation, sequence, timestamp, reason, detail, duplicate) -> ++outcomes > 0;

    /** Offers one command to an in-process engine, as the gateway would, and polls until its outcome arrives. */
    private void execute(final Engine<ExchangeState> engine, final long correlationId, final int length)
    {
        final long expected = outcomes + 1;
        while (engine.offer(1, correlationId, buffer, 0, length) < 0)
        {
            engine.responder().poll(count);
        }
        while (outcomes < expected)
        {
            engine.responder().poll(count);
        }
    }

    /** Opens account 7, deposits into asset 2, withdraws from it: sequences 1 to 6, events and records. */
    private void openDepositWithdraw(final Engine<ExchangeState> engine, final long deposit, final long withdraw)
    {
        execute(engine, 1, commands.openAccount(buffer, 0, 7));
        execute(engine, 2, commands.deposit(buffer, 0, 7, 2, deposit));
        execute(engine, 3, commands.withdraw(buffer, 0, 7, 2, withdraw));
    }

    private String run(final int expectedExit, final String... args)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(expectedExit, new CommandLine(new SequentCli()).execute(args), String.join(" ", args));
        }
        finally
        {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inspectPrintsEventsAsJsonLinesAndVerifyFindsDamage() throws Exception
    {
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir).module(
            new ExchangeModule())))
        {
            openDepositWithdraw(engine, 1_234, 34);
        }

        // Each command: its event, then the engine's record of it.
        final String[] lines = run(0, "journal", "inspect", dir.toString()).trim().split("\n");
        assertEquals(6, lines.length);
        assertTrue(lines[0].startsWith("{\"sequence\": 1,") && lines[0].contains("\"message\": \"AccountOpened\""),
            lines[0]);
        assertTrue(lines[1].startsWith("{\"sequence\": 2,") && lines[1].contains("\"message\": \"CommandRecord\"") &&
            lines[1].contains("\"correlationId\": 1") && lines[1].contains("\"eventCount\": 1"), lines[1]);
        assertTrue(lines[2].contains("\"amount\": 1234"), lines[2]);
        assertEquals(2, run(0, "journal", "inspect", dir.toString(), "--from", "5").trim().split("\n").length);
        assertTrue(run(0, "journal", "verify", dir.toString()).contains("6 frames, last sequence 6"));

        final String verified = run(0, "journal", "verify", dir.toString());
        assertTrue(verified.contains(
            "00000000000000000001.seg: format 2, schema 1 v" + EXCHANGE_VERSION + ", 2 schema document(s)"),
            verified);
        final io.sequent.journal.JournalSegment segment;
        try (io.sequent.journal.JournalReader reader = io.sequent.journal.JournalReader.open(dir.resolve("journal")))
        {
            segment = reader.segments().get(0);
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.file().toFile(), "rw"))
        {
            file.seek(segment.headerLength() + 30);
            file.write(file.read() ^ 0x10);
        }
        final String damaged = run(1, "journal", "verify", dir.toString());
        assertTrue(damaged.startsWith("DAMAGED journal") && damaged.contains("00000000000000000001.seg is corrupt at " +
            "offset " + segment.headerLength()), damaged);
    }

    @Test
    void inspectAndVerifyWalkSegmentsAndReadAFormatOneJournal() throws Exception
    {
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir).module(
            new ExchangeModule())
            .journalSegmentLength(32 << 10)))
        {
            execute(engine, 0, commands.openAccount(buffer, 0, 7));
            for (int i = 1; i <= 300; i++)
            {
                execute(engine, i, commands.deposit(buffer, 0, 7, 2, i));
            }
        }
        final String verified = run(0, "journal", "verify", dir.toString());
        final long segments = verified.lines()
            .filter(line -> line.contains(".seg: format 2, schema 1 v" + EXCHANGE_VERSION)).count();
        assertTrue(segments > 2, verified);
        // 301 commands, each an event and its record.
        assertTrue(verified.contains(segments + " segment(s), 0 archived, sequences 1..602, 602 frames"), verified);

        final String[] lines = run(0, "journal", "inspect", dir.toString(), "--from", "100", "--to", "250")
            .trim().split("\n");
        assertEquals(151, lines.length);
        for (int i = 0; i < lines.length; i++)
        {
            final long sequence = 100 + i;
            assertTrue(lines[i].startsWith("{\"sequence\": " + sequence + ","), lines[i]);
            // Deposit n is the event at 2n + 1 and its record at 2n + 2.
            assertTrue(sequence % 2 == 0 ? lines[i].contains("\"message\": \"CommandRecord\"") :
                lines[i].contains("\"message\": \"Deposited\"") &&
                lines[i].contains("\"amount\": " + (sequence - 1) / 2), lines[i]);
        }

        final Path legacy = Path.of("../../engine/exchange/src/test/resources/fixtures/journal-v1");
        final String legacyVerified = run(0, "journal", "verify", legacy.toString());
        assertTrue(legacyVerified.contains("journal.dat: format 1, schema 1 v1, 0 schema document(s), " +
            "sequences 1..2278, 2278 frames"), legacyVerified);
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        final String[] legacyLines;
        try
        {
            legacyLines = run(0, "journal", "inspect", legacy.toString(), "--to", "5").trim().split("\n");
        }
        finally
        {
            System.setErr(originalErr);
        }
        assertEquals(5, legacyLines.length);
        assertTrue(legacyLines[0].startsWith("{\"sequence\": 1,") && legacyLines[0].contains("\"message\": "),
            legacyLines[0]);
        final String notes = err.toString(StandardCharsets.UTF_8);
        assertTrue(notes.contains("journal.dat (format 1, schema 1 v1) embeds no schema: decoded with the schemas " +
            "of this build's codecs jar"), notes);
        assertTrue(notes.contains("journal.dat: 5 event(s) from sequence 1, schema 1 v1"), notes);
    }

    @Test
    void replayRebuildsTheStateAtASequenceAndSnapshotListChecksEachSnapshot()
    {
        final long hashAtFour;
        try (Engine<ExchangeState> engine =
            Engine.launch(new EngineContext<ExchangeState>().dataDir(dir).module(new ExchangeModule())
                .snapshotEveryEvents(2)))
        {
            openDepositWithdraw(engine, 1_000, 400);
            engine.close();
            hashAtFour = replayedHash(4);
            assertEquals(engine.stateHash(), replayedHash(6));
        }

        // Sequence 4 is the second command's record.
        final String atFour = run(0, "replay", dir.toString(), "--to", "4");
        assertTrue(atFour.startsWith(String.format("state at sequence 4: hash %016x", hashAtFour)), atFour);
        final String atEnd = run(0, "replay", dir.toString());
        assertTrue(atEnd.startsWith("state at sequence 6:"), atEnd);
        assertTrue(atEnd.contains("accounts 1"), atEnd);

        // Where the snapshots fall depends on how the commands batched; each one listed must check out whole.
        final String list = run(0, "snapshot", "list", dir.toString());
        assertTrue(list.contains(" ok") && list.contains(" 0 unusable"), list);
    }

    private long replayedHash(final long to)
    {
        final EngineState<ExchangeState> state = EngineState.empty(new ExchangeDomain(), ClientLedger.DEFAULT_WINDOW);
        try (io.sequent.journal.JournalReader reader = io.sequent.journal.JournalReader.open(
            dir.resolve("journal")))
        {
            reader.read(1, to, state);
        }
        return state.hash();
    }

    @Test
    void projectionsRebuildGivesTheSameBalances()
    {
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir).module(
            new ExchangeModule())))
        {
            openDepositWithdraw(engine, 1_000, 1);
        }
        assertTrue(run(0, "projections", "rebuild", dir.toString()).startsWith("projections rebuilt"));
        try (io.sequent.exchange.projection.BalanceProjection balances =
            io.sequent.exchange.projection.BalanceProjection.open(ExchangeModule.balancesFile(dir)))
        {
            assertEquals(999, balances.available(7, 2));
            assertEquals(6, balances.lastAppliedSequence(),
                "the last record: a read model reaches the journal position");
        }
    }
}
