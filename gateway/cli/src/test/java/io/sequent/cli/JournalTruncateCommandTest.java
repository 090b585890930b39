package io.sequent.cli;

import io.sequent.codecs.exchange.DepositDecoder;
import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.EngineDriver;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.EventAppender;
import io.sequent.engine.recovery.RecoveryException;
import io.sequent.exchange.ExchangeModule;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The way out of a poisoned journal, as recovery words it: recovery refuses an entry and names the last good command,
 * {@code replay --to} it shows that state, {@code journal truncate --after} it cuts there keeping a copy, and the
 * server's own recovery then starts with exactly the state replay showed.
 */
class JournalTruncateCommandTest
{
    /** A deposit to this account is journaled without the checks: an event the exchange cannot apply. */
    private static final long POISON_ACCOUNT = 424_242;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);

    @Test
    void aPoisonedJournalIsCutAfterTheLastGoodCommandAndRecoversToTheStateReplayShowed() throws IOException
    {
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir)
            .domain(PoisoningExchange::new).snapshotEveryEvents(0)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            assertEquals(0, driver.execute(1, command, 0, commands.openAccount(command, 0, 7)));
            assertEquals(0, driver.execute(2, command, 0, commands.deposit(command, 0, 7, 1, 100)));
            assertEquals(0, driver.execute(3, command, 0, commands.deposit(command, 0, POISON_ACCOUNT, 1, 5)));
            assertEquals(0, driver.execute(4, command, 0, commands.deposit(command, 0, 7, 1, 50)));
        }
        final long end = lastSequence(dir.resolve("journal"));

        final RecoveryException refused = assertThrows(RecoveryException.class,
            () -> Engine.launch(context()).close());
        final long good = refused.lastGoodSequence();
        assertTrue(good > 0 && good < refused.sequence(), refused.getMessage());
        assertTrue(refused.getMessage().contains("`sequent replay --dir " + dir + " --to " + good + "`"),
            refused.getMessage());
        assertTrue(refused.getMessage().contains("`sequent journal truncate --dir " + dir + " --after " + good + "`"),
            refused.getMessage());

        final CliRun replay = CliRun.run("replay", "--dir", dir.toString(), "--to", Long.toString(good), "--json");
        assertEquals(0, replay.exit(), replay.toString());
        final String hash = replay.json().get("hash").getAsString();

        final CliRun past = CliRun.run("journal", "truncate", "--dir", dir.toString(), "--after", "100000");
        assertEquals(1, past.exit(), past.toString());
        assertTrue(past.err().contains("past the end of the journal, which ends at sequence " + end), past.err());
        final CliRun inside = CliRun.run("journal", "truncate", "--dir", dir.toString(), "--after",
            Long.toString(good - 1));
        assertEquals(1, inside.exit(), inside.toString());
        assertTrue(inside.err().contains("inside a command"), inside.err());

        final CliRun cut = CliRun.run("journal", "truncate", "--dir", dir.toString(), "--after", Long.toString(good));
        assertEquals(0, cut.exit(), cut.toString());
        assertTrue(cut.out().contains((end - good) + " entries removed"), cut.out());
        final Path copy = onlyCopy(dir.resolve("journal"));
        final long[] kept = { 0, 0 };
        try (JournalReader reader = JournalReader.open(copy))
        {
            reader.read(good + 1, (sequence, timestamp, buffer, offset, length) ->
            {
                kept[0]++;
                kept[1] = sequence;
            });
        }
        assertEquals(end - good, kept[0], "the copy holds every removed entry, the poisoned one with them");
        assertEquals(end, kept[1]);

        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            assertEquals(good, engine.recoveryReport().lastSequence());
            assertEquals(hash, String.format("%016x", engine.recoveryReport().stateHash()));
            final String open = engine.recoveryReport().journal();
            assertTrue(open.contains("clean tail") && !open.contains("INCOMPLETE"), open);
            // The engine takes commands again, after the cut.
            assertEquals(0, new EngineDriver(engine).execute(5, command, 0, commands.deposit(command, 0, 7, 1, 1)));
        }
    }

    private EngineContext<ExchangeState> context()
    {
        return new EngineContext<ExchangeState>().dataDir(dir).module(new ExchangeModule()).snapshotEveryEvents(0);
    }

    private static long lastSequence(final Path journal)
    {
        final long[] last = { 0 };
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.read(1, (sequence, timestamp, buffer, offset, length) -> last[0] = sequence);
        }
        return last[0];
    }

    private static Path onlyCopy(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            final List<Path> copies = files.filter(f -> f.getFileName().toString().startsWith("truncated-")).toList();
            assertEquals(1, copies.size(), copies.toString());
            return copies.get(0);
        }
    }

    /**
     * The exchange with a bug planted: a deposit to {@link #POISON_ACCOUNT} emits a Deposited event for an account
     * that does not exist, which this domain's apply skips and the real exchange's refuses, as a domain bug fixed
     * after its events were journaled would.
     */
    private static final class PoisoningExchange implements Domain<ExchangeState>
    {
        private final ExchangeDomain exchange = new ExchangeDomain();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final DepositDecoder deposit = new DepositDecoder();
        private final DepositedDecoder deposited = new DepositedDecoder();
        private final DepositedEncoder depositedEncoder = new DepositedEncoder();

        @Override
        public int commandSchemaId()
        {
            return exchange.commandSchemaId();
        }

        @Override
        public int commandSchemaVersion()
        {
            return exchange.commandSchemaVersion();
        }

        @Override
        public int eventSchemaId()
        {
            return exchange.eventSchemaId();
        }

        @Override
        public int eventSchemaVersion()
        {
            return exchange.eventSchemaVersion();
        }

        @Override
        public byte[] eventSchemaXml()
        {
            return exchange.eventSchemaXml();
        }

        @Override
        public ExchangeState newState()
        {
            return exchange.newState();
        }

        @Override
        public void handle(
            final DirectBuffer buffer, final int offset, final int length, final ExchangeState state,
            final EventAppender events)
        {
            header.wrap(buffer, offset);
            if (header.templateId() == DepositDecoder.TEMPLATE_ID)
            {
                deposit.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                if (deposit.accountId() == POISON_ACCOUNT)
                {
                    depositedEncoder.wrapAndApplyHeader(events.buffer(), events.claim(
                        MessageHeaderEncoder.ENCODED_LENGTH + DepositedEncoder.BLOCK_LENGTH), headerEncoder)
                        .accountId(POISON_ACCOUNT).assetId(deposit.assetId()).amount(deposit.amount())
                        .accountVersion(1);
                    return;
                }
            }
            exchange.handle(buffer, offset, length, state, events);
        }

        @Override
        public void apply(final DirectBuffer buffer, final int offset, final int length, final ExchangeState state)
        {
            header.wrap(buffer, offset);
            if (header.templateId() == DepositedDecoder.TEMPLATE_ID)
            {
                deposited.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                if (deposited.accountId() == POISON_ACCOUNT)
                {
                    return;
                }
            }
            exchange.apply(buffer, offset, length, state);
        }

        @Override
        public long stateHash(final ExchangeState state)
        {
            return exchange.stateHash(state);
        }

        @Override
        public void writeSnapshot(final ExchangeState state, final DataOutput out) throws IOException
        {
            exchange.writeSnapshot(state, out);
        }

        @Override
        public ExchangeState readSnapshot(final DataInput in) throws IOException
        {
            return exchange.readSnapshot(in);
        }
    }
}
