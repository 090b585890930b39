package io.sequent.engine;

import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.journal.JournalFrame;
import io.sequent.journal.JournalReader;
import io.sequent.journal.JournalSegment;
import io.sequent.journal.RetentionPolicy;
import io.sequent.journal.crypto.JournalKeyException;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exchange engine with its journal and snapshots encrypted at rest: the same commands give the same state as a
 * plain engine, recovery (from an encrypted snapshot and encrypted, archived and live segments) gives it back, keys
 * rotate between restarts, a missing or wrong key stops the launch with an error naming the segment and key id, and
 * a journal written before encryption existed (the version 1 fixture) still replays, new segments encrypted.
 */
class EncryptedEngineTest
{
    private static final long SNAPSHOT_MAGIC_SEALED = 0x4550414E53514553L;

    @TempDir
    Path tmp;

    private final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(5, 30, 3).generate(12_000);

    private static EngineContext<ExchangeState> context(final Path dir, final JournalKeyring keyring)
    {
        return new EngineContext<ExchangeState>().dataDir(dir).domain(ExchangeDomain::new)
            .journalSegmentLength(256 << 10)
            .snapshotEveryEvents(5_000)
            .retention(RetentionPolicy.ARCHIVE)
            .keyring(keyring);
    }

    private long run(final Path dir, final JournalKeyring keyring, final int from, final int to)
    {
        try (Engine<ExchangeState> engine = Engine.launch(context(dir, keyring)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = from; i < to; i++)
            {
                driver.offer(i, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(to - 1);
            engine.close();
            return engine.stateHash();
        }
    }

    private static Set<Integer> keyIds(final Path dir, final JournalKeyring keyring)
    {
        final Set<Integer> ids = new HashSet<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("journal"), FileSegmentStorage.INSTANCE, keyring))
        {
            for (final JournalSegment segment : reader.segments())
            {
                ids.add(segment.encrypted() ? segment.keyId() : 0);
            }
        }
        return ids;
    }

    @Test
    void anEncryptedEngineComputesAndRecoversTheStateOfAPlainOne() throws IOException
    {
        final long plain = run(tmp.resolve("plain"), null, 0, flow.count());
        final JournalKeyring keys = JournalKeyring.generate(1);
        final Path dir = tmp.resolve("encrypted");
        assertEquals(plain, run(dir, keys, 0, flow.count()));

        assertEquals(Set.of(1), keyIds(dir, keys), "every segment encrypted");
        try (Stream<Path> files = Files.list(dir.resolve("journal").resolve("archive")))
        {
            assertTrue(files.findAny().isPresent(), "segments were archived, sealed");
        }
        try (Stream<Path> files = Files.list(dir.resolve("snapshots")))
        {
            final List<Path> snapshots = files.filter(f -> f.toString().endsWith(".snap")).toList();
            assertTrue(!snapshots.isEmpty());
            for (final Path snapshot : snapshots)
            {
                final byte[] bytes = Files.readAllBytes(snapshot);
                assertEquals(SNAPSHOT_MAGIC_SEALED, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0),
                    "encrypted snapshot " + snapshot);
            }
        }
        try (Engine<ExchangeState> engine = Engine.launch(context(dir, keys)))
        {
            assertNotEquals("none", engine.recoveryReport().snapshot(), "recovered from an encrypted snapshot");
            assertEquals(plain, engine.recoveryReport().stateHash());
        }
        try (Engine<ExchangeState> engine = Engine.launch(context(dir, keys).snapshotEveryEvents(0)))
        {
            assertEquals(plain, engine.recoveryReport().stateHash());
        }
    }

    @Test
    void aMissingOrWrongKeyStopsTheLaunchNamingTheSegmentAndTheKeyId()
    {
        final JournalKeyring keys = JournalKeyring.generate(3);
        final Path dir = tmp.resolve("encrypted");
        run(dir, keys, 0, 2_000);

        final JournalKeyException missing = assertThrows(JournalKeyException.class,
            () -> Engine.launch(context(dir, null)));
        assertTrue(missing.getMessage().contains("key id 3") && missing.getMessage().contains(".seg") &&
            missing.getMessage().contains("no key is given"), missing.getMessage());

        final JournalKeyException wrong = assertThrows(JournalKeyException.class,
            () -> Engine.launch(context(dir, JournalKeyring.generate(3))));
        assertTrue(wrong.getMessage().contains("key id 3") && wrong.getMessage().contains("does not authenticate"),
            wrong.getMessage());
        // Still recoverable with the right key: the failed launches changed nothing.
        try (Engine<ExchangeState> engine = Engine.launch(context(dir, keys)))
        {
            assertTrue(engine.recoveryReport().lastSequence() > 0);
        }
    }

    @Test
    void keysRotateBetweenRestartsAndEverySegmentNamesItsKey()
    {
        final long plain = run(tmp.resolve("plain"), null, 0, flow.count());
        final Path dir = tmp.resolve("rotated");
        final JournalKeyring first = JournalKeyring.generate(1);
        run(dir, first, 0, 6_000);
        final JournalKeyring both = JournalKeyring.generate(2).with(first);
        assertEquals(plain, run(dir, both, 6_000, flow.count()));
        assertEquals(Set.of(1, 2), keyIds(dir, both));
        try (Engine<ExchangeState> engine = Engine.launch(context(dir, both).snapshotEveryEvents(0)))
        {
            assertEquals(plain, engine.recoveryReport().stateHash());
        }
    }

    @Test
    void theVersion1FixtureReplaysUnderEncryptionAndGoesOnEncrypted() throws IOException, URISyntaxException
    {
        final Path fixture = Path.of(getClass().getResource("/fixtures/journal-v1/expected.properties").toURI())
            .getParent();
        final Properties expected = new Properties();
        try (var in = Files.newInputStream(fixture.resolve("expected.properties")))
        {
            expected.load(in);
        }
        final Path dir = copy(fixture, tmp.resolve("fixture"));
        final JournalKeyring keys = JournalKeyring.generate(1);
        final long hash;
        try (Engine<ExchangeState> engine = Engine.launch(context(dir, keys).snapshotEveryEvents(0)))
        {
            assertEquals(Long.parseLong(expected.getProperty("lastSequence")), engine.recoveryReport().lastSequence());
            hash = engine.recoveryReport().stateHash();
        }
        final Set<Integer> formats = new HashSet<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("journal"), FileSegmentStorage.INSTANCE, keys))
        {
            reader.segments().forEach(segment -> formats.add(segment.formatVersion()));
        }
        assertTrue(formats.contains(JournalFrame.ENCRYPTED_FORMAT_VERSION) && formats.size() > 1, formats.toString());
        try (Engine<ExchangeState> engine = Engine.launch(context(dir, keys).snapshotEveryEvents(0)))
        {
            assertEquals(hash, engine.recoveryReport().stateHash());
        }
    }

    private static Path copy(final Path from, final Path to) throws IOException
    {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(from))
        {
            files = walk.toList();
        }
        for (final Path source : files)
        {
            final Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source))
            {
                Files.createDirectories(target);
            }
            else
            {
                Files.copy(source, target);
                target.toFile().setWritable(true);
            }
        }
        return to;
    }
}
