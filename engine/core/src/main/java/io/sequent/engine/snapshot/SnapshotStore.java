package io.sequent.engine.snapshot;

import io.sequent.engine.domain.Domain;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.state.EngineState;
import io.sequent.journal.crypto.AeadCipher;
import io.sequent.journal.crypto.JournalKeyException;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import org.agrona.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Snapshot files in a directory: {@code snapshot-<last sequence>.snap}, each
 * {@code magic | format | schema id | schema version | last sequence | state hash | body length | body | crc32c},
 * where (format 3) the body is {@code domain state length | domain state | client ledger} and the state hash is the
 * engine's (domain and ledger combined). Format 3 added the commands' results to the ledger; a format 2 snapshot
 * reads as a ledger without results (what its journal's records held). Format 1 snapshots, written before the
 * ledger existed, are refused with a warning: recovery then starts from an older snapshot or replays the journal.
 * A snapshot is written to a temporary name, forced, then renamed, so a crash leaves either the whole file or
 * none; the newest K are kept. Loading takes the newest one that passes its CRC and whose state hashes to the
 * recorded hash, skipping (with a warning) any that fail. All file I/O goes through a {@link SegmentStorage}, the
 * journal's storage seam, so a test can fail, shorten or damage it.
 * <p>
 * With a keyring whose current key is set, snapshots are written encrypted: the whole file above is sealed with
 * AES-256-GCM under a key of its own (derived from the keyring's key and a fresh salt),
 * {@code magic "SEQSNAPE" | format 1 | key id | salt (16) | plaintext length | ciphertext | tag (16) | crc32c}; the
 * CRC tells damage, the tag a wrong key or tampering, and either way the snapshot is skipped for an older one.
 * Plain snapshots stay readable.
 */
public final class SnapshotStore
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final long MAGIC = 0x3150414E53514553L; // "SEQSNAP1"
    private static final int FORMAT = 3;
    /** The oldest format read: before it, snapshots held no ledger. */
    private static final int OLDEST_FORMAT = 2;
    private static final int HEADER_LENGTH = 8 + 4 + 4 + 4 + 8 + 8 + 8;
    /** "SEQSNAPE" read as a little-endian long: an encrypted snapshot. */
    private static final long SEALED_MAGIC = 0x4550414E53514553L;
    private static final int SEALED_HEADER_LENGTH = 8 + 4 + 4 + AeadCipher.SALT_LENGTH + 8;
    private static final String PURPOSE = "snapshot";
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";

    private final Path dir;
    private final int kept;
    private final SegmentStorage storage;
    private final JournalKeyring keyring;
    private ByteBuffer sealed;

    /**
     * A store on the real file system.
     *
     * @param dir  where snapshots live; created when absent.
     * @param kept how many of the newest to keep, at least 1.
     */
    public SnapshotStore(final Path dir, final int kept)
    {
        this(dir, kept, FileSegmentStorage.INSTANCE);
    }

    /**
     * @param dir     where snapshots live; created when absent.
     * @param kept    how many of the newest to keep, at least 1.
     * @param storage the file system snapshots are written, read, renamed and deleted through.
     */
    public SnapshotStore(final Path dir, final int kept, final SegmentStorage storage)
    {
        this(dir, kept, storage, null);
    }

    /**
     * @param dir     where snapshots live; created when absent.
     * @param kept    how many of the newest to keep, at least 1.
     * @param storage the file system snapshots are written, read, renamed and deleted through.
     * @param keyring its current key encrypts new snapshots (none current, or no keyring: plain); its keys read
     *                encrypted ones (no keyring: the keys the settings name).
     */
    public SnapshotStore(final Path dir, final int kept, final SegmentStorage storage, final JournalKeyring keyring)
    {
        if (kept < 1)
        {
            throw new IllegalArgumentException("snapshots kept must be at least 1: " + kept);
        }
        this.dir = dir;
        this.kept = kept;
        this.storage = storage == null ? FileSegmentStorage.INSTANCE : storage;
        this.keyring = keyring;
    }

    /**
     * A snapshot found on disk.
     *
     * @param file         its file.
     * @param lastSequence the journal sequence it covers up to.
     * @param stateHash    the engine's hash of the state it holds (domain and ledger).
     * @param state        the domain's state, read back.
     * @param ledger       the outcomes per client, read back.
     * @param <S>          the state's type.
     */
    public record Loaded<S>(Path file, long lastSequence, long stateHash, S state, ClientLedger ledger)
    {
    }

    /**
     * A snapshot file's bytes, serialised in memory, off the heap. It grows to the largest snapshot and is then reused,
     * so taking a snapshot on a running engine makes no garbage; and being off the heap, a snapshot of megabytes is
     * no "humongous" array whose allocation starts a collector cycle (whose pauses stop every thread, the
     * sequencer's too).
     */
    public static final class Image extends OutputStream
    {
        private final DataOutputStream data = new DataOutputStream(this);
        private ByteBuffer bytes = ByteBuffer.allocateDirect(1 << 16);
        private int length;
        private long lastSequence;

        private void ensure(final int more)
        {
            if (length + more > bytes.capacity())
            {
                final ByteBuffer larger = ByteBuffer.allocateDirect(Math.max(bytes.capacity() * 2, length + more));
                larger.put(bytes.clear().limit(length));
                BufferUtil.free(bytes);
                bytes = larger;
            }
        }

        @Override
        public void write(final int b)
        {
            ensure(1);
            bytes.put(length++, (byte)b);
        }

        @Override
        public void write(final byte[] src, final int offset, final int count)
        {
            ensure(count);
            bytes.put(length, src, offset, count);
            length += count;
        }

        /**
         * @return the file's bytes, from position 0 to the limit; a view, valid until the image is reused (public for
         *         the cluster service, which sends them to the cluster's snapshot instead of a file).
         */
        public ByteBuffer view()
        {
            return bytes.duplicate().clear().limit(length);
        }

        /**
         * @return the journal sequence the snapshot covers up to.
         */
        public long lastSequence()
        {
            return lastSequence;
        }

        /**
         * @return the file's length in bytes.
         */
        public int length()
        {
            return length;
        }
    }

    /**
     * Serialises a snapshot in memory. Fast next to {@link #persist}, whose force waits for the device: the
     * snapshotter encodes on its own thread, where the state is, and leaves the file to an I/O thread.
     *
     * @param engineState  the domain's state and the client ledger, after {@code lastSequence}.
     * @param lastSequence the last journal sequence applied to it.
     * @param image        where to; its previous content is replaced.
     * @param <S>          the domain's state type.
     * @return {@code image}.
     */
    public static <S> Image encode(final EngineState<S> engineState, final long lastSequence, final Image image)
    {
        final Domain<S> domain = engineState.domain();
        try
        {
            image.length = HEADER_LENGTH + 8;
            image.ensure(0);
            domain.writeSnapshot(engineState.state(), image.data);
            final long domainLength = image.length - HEADER_LENGTH - 8;
            engineState.ledger().writeTo(image.data);
            image.data.writeInt(0);
            image.data.flush();
            final int bodyLength = image.length - HEADER_LENGTH - 4;
            final ByteBuffer header = image.bytes.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
            header.putLong(MAGIC).putInt(FORMAT).putInt(domain.eventSchemaId()).putInt(domain.eventSchemaVersion())
                .putLong(lastSequence).putLong(engineState.hash()).putLong(bodyLength);
            // The body starts with the domain part's length, big-endian like the rest of the body (DataOutput).
            image.bytes.putLong(HEADER_LENGTH, domainLength);
            final CRC32C crc = new CRC32C();
            crc.update(image.view().limit(image.length - 4));
            header.putInt(image.length - 4, (int)crc.getValue());
            image.lastSequence = lastSequence;
            return image;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot serialise a snapshot at sequence " + lastSequence, ex);
        }
    }

    /**
     * Writes a snapshot image to a temporary name, forces it, renames it into place and prunes the oldest. A failure
     * (a full device, say) deletes the temporary file, so it holds no room, and leaves the snapshots there were.
     *
     * @param image from {@link #encode}.
     * @return the file written.
     */
    public Path persist(final Image image)
    {
        final Path target = dir.resolve(String.format("%s%020d%s", PREFIX, image.lastSequence(), SUFFIX));
        final Path temp = dir.resolve(target.getFileName() + ".tmp");
        try
        {
            storage.createDirectories(dir);
            try (StorageFile out = storage.open(temp, SegmentStorage.Access.CREATE))
            {
                out.truncate(0);
                out.writeFully(keyring != null && keyring.encrypts() ? seal(image) : image.view(), 0);
                out.force(true);
            }
            storage.move(temp, target);
            // The rename is durable only once the directory is.
            storage.forceDirectory(dir);
            prune();
            return target;
        }
        catch (final IOException ex)
        {
            try
            {
                storage.deleteIfExists(temp);
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write a snapshot to " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the image sealed under a key of its own; a view of a buffer reused by the next snapshot.
     */
    private ByteBuffer seal(final Image image)
    {
        final int length = image.length();
        final int total = SEALED_HEADER_LENGTH + length + AeadCipher.TAG_LENGTH + 4;
        if (sealed == null || sealed.capacity() < total)
        {
            if (sealed != null)
            {
                BufferUtil.free(sealed);
            }
            // Off the heap like the image: no humongous array for a large snapshot.
            sealed = ByteBuffer.allocateDirect(Math.max(total, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
        }
        final int keyId = keyring.currentId();
        final byte[] salt = AeadCipher.newSalt();
        final byte[] header = new byte[SEALED_HEADER_LENGTH];
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putLong(SEALED_MAGIC).putInt(1).putInt(keyId)
            .put(salt).putLong(length);
        final ByteBuffer out = sealed.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
        out.put(header);
        AeadCipher.derive(keyring.key(keyId, "the current snapshot key"), keyId, salt, PURPOSE)
            .encrypt(0, 0, header, image.view(), out);
        final CRC32C crc = new CRC32C();
        crc.update(sealed.duplicate().clear().limit(out.position()));
        out.putInt((int)crc.getValue());
        return out.flip();
    }

    /**
     * @return the plain image inside an encrypted snapshot's bytes.
     */
    private static byte[] open(final byte[] all, final Path file, final JournalKeyring given) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < SEALED_HEADER_LENGTH + AeadCipher.TAG_LENGTH + 4)
        {
            throw new IOException("too short for an encrypted snapshot: " + all.length + " bytes");
        }
        final CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        if ((int)crc.getValue() != buffer.getInt(all.length - 4))
        {
            throw new IOException("CRC mismatch");
        }
        final int keyId = buffer.getInt(12);
        final long length = buffer.getLong(32);
        if (buffer.getInt(8) != 1 || length != all.length - SEALED_HEADER_LENGTH - AeadCipher.TAG_LENGTH - 4)
        {
            throw new IOException("not an encrypted snapshot this code reads");
        }
        final JournalKeyring keys = given != null ? given : JournalKeyring.fromSettings();
        if (keys == null)
        {
            throw JournalKeyring.missing(keyId, "snapshot " + file);
        }
        final byte[] salt = new byte[AeadCipher.SALT_LENGTH];
        buffer.get(16, salt);
        final byte[] plain = new byte[(int)length];
        if (!AeadCipher.derive(keys.key(keyId, "snapshot " + file), keyId, salt, PURPOSE).decrypt(0, 0, all, 0,
            SEALED_HEADER_LENGTH, all, SEALED_HEADER_LENGTH, (int)length + AeadCipher.TAG_LENGTH, plain, 0))
        {
            throw new JournalKeyException(keyId, "snapshot " + file + " does not authenticate with key id " + keyId +
                " of " + keys.source() + ": another key of that id wrote it, or it was altered");
        }
        return plain;
    }

    private void prune() throws IOException
    {
        final List<Path> files = list();
        for (int i = 0; i < files.size() - kept; i++)
        {
            storage.deleteIfExists(files.get(i));
        }
    }

    /**
     * @return the snapshot files, oldest first.
     */
    public List<Path> list()
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> result = new ArrayList<>(files
                .filter(p -> p.getFileName().toString().startsWith(PREFIX) &&
                    p.getFileName().toString().endsWith(SUFFIX))
                .sorted()
                .toList());
            return result;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshots in " + dir, ex);
        }
    }

    /**
     * Finds the newest snapshot that is whole, matches the domain's schema, covers no more than the journal holds,
     * and reads back to its recorded hash.
     *
     * @param domain          the rules, which read the state.
     * @param maxLastSequence the journal's last sequence: a snapshot beyond it cannot be continued from.
     * @param window          the dedup window the ledger must have been written with.
     * @param <S>             the state's type.
     * @return the snapshot, or null when there is no usable one.
     */
    public <S> Loaded<S> loadNewest(final Domain<S> domain, final long maxLastSequence, final int window)
    {
        final List<Path> files = list();
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final Path file = files.get(i);
            try
            {
                final Loaded<S> loaded = read(domain, file, window, storage, keyring);
                if (loaded.lastSequence() > maxLastSequence)
                {
                    LOG.warn("snapshot {} covers sequence {} but the journal ends at {}: skipped", file,
                        loaded.lastSequence(), maxLastSequence);
                    continue;
                }
                return loaded;
            }
            catch (final IOException | RuntimeException ex)
            {
                LOG.warn("snapshot {} is not usable ({}): trying the one before", file, ex.getMessage());
            }
        }
        return null;
    }

    /**
     * Reads one snapshot file and checks it whole.
     *
     * @param domain the rules, which read the state.
     * @param file   the file.
     * @param window the dedup window the ledger must have been written with.
     * @param <S>    the state's type.
     * @return the snapshot.
     * @throws IOException when it fails any check.
     */
    public static <S> Loaded<S> read(final Domain<S> domain, final Path file, final int window) throws IOException
    {
        return read(domain, file, window, FileSegmentStorage.INSTANCE);
    }

    /**
     * Reads one snapshot file through a storage seam and checks it whole.
     *
     * @param domain  the rules, which read the state.
     * @param file    the file.
     * @param window  the dedup window the ledger must have been written with.
     * @param storage the file system it is read through.
     * @param <S>     the state's type.
     * @return the snapshot.
     * @throws IOException when it fails any check.
     */
    public static <S> Loaded<S> read(
        final Domain<S> domain, final Path file, final int window, final SegmentStorage storage) throws IOException
    {
        return read(domain, file, window, storage, null);
    }

    /**
     * Reads one snapshot file, plain or encrypted, through a storage seam and checks it whole.
     *
     * @param domain  the rules, which read the state.
     * @param file    the file.
     * @param window  the dedup window the ledger must have been written with.
     * @param storage the file system it is read through.
     * @param keyring the keys of an encrypted snapshot, or null for those the settings name.
     * @param <S>     the state's type.
     * @return the snapshot.
     * @throws IOException         when it fails any check.
     * @throws JournalKeyException when it is encrypted and no key given opens it.
     */
    public static <S> Loaded<S> read(
        final Domain<S> domain,
        final Path file,
        final int window,
        final SegmentStorage storage,
        final JournalKeyring keyring) throws IOException
    {
        byte[] all = readAll(storage, file);
        if (all.length >= 8 && ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0) == SEALED_MAGIC)
        {
            all = open(all, file, keyring);
        }
        if (all.length < HEADER_LENGTH + 4)
        {
            throw new IOException("too short: " + all.length + " bytes");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getLong() != MAGIC)
        {
            throw new IOException("not a Sequent snapshot");
        }
        final int format = buffer.getInt();
        if (format < OLDEST_FORMAT || format > FORMAT)
        {
            throw new IOException("snapshot format " + format + ", this code reads formats " + OLDEST_FORMAT + " to " +
                FORMAT + " (format 1 predates the client ledger; the journal is replayed instead)");
        }
        final int schemaId = buffer.getInt();
        final int schemaVersion = buffer.getInt();
        final long lastSequence = buffer.getLong();
        final long stateHash = buffer.getLong();
        final long bodyLength = buffer.getLong();
        if (bodyLength != all.length - HEADER_LENGTH - 4)
        {
            throw new IOException("body length " + bodyLength + " does not match the file's " + all.length + " bytes");
        }
        final CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        if ((int)crc.getValue() != buffer.getInt(all.length - 4))
        {
            throw new IOException("CRC mismatch");
        }
        if (schemaId != domain.eventSchemaId() || schemaVersion > domain.eventSchemaVersion())
        {
            throw new IOException("written with schema " + schemaId + " v" + schemaVersion + ", this code reads " +
                domain.eventSchemaId() + " up to v" + domain.eventSchemaVersion());
        }
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, HEADER_LENGTH, (int)bodyLength));
        final long domainLength = in.readLong();
        if (domainLength < 0 || domainLength > bodyLength - 8)
        {
            throw new IOException("domain state length " + domainLength + " does not fit the body of " + bodyLength);
        }
        final S state = domain.readSnapshot(
            new DataInputStream(new ByteArrayInputStream(all, HEADER_LENGTH + 8, (int)domainLength)));
        in.skipNBytes(domainLength);
        final ClientLedger ledger = new ClientLedger(window);
        ledger.readFrom(in, format >= 3);
        final long actual = new EngineState<>(domain, state, ledger).hash();
        if (actual != stateHash)
        {
            throw new IOException(String.format("state hash %016x, recorded %016x", actual, stateHash));
        }
        return new Loaded<>(file, lastSequence, stateHash, state, ledger);
    }

    private static byte[] readAll(final SegmentStorage storage, final Path file) throws IOException
    {
        try (StorageFile in = storage.open(file, SegmentStorage.Access.READ))
        {
            final long size = in.size();
            if (size > Integer.MAX_VALUE - 16)
            {
                throw new IOException("too long for a snapshot: " + size + " bytes");
            }
            final byte[] all = new byte[(int)size];
            in.readFully(ByteBuffer.wrap(all), 0);
            return all;
        }
    }

    /**
     * A deep copy of an engine state, through the snapshot format: how the snapshotter gets its own copy at start.
     *
     * @param source the state to copy.
     * @param domain the rules instance the copy will use (one per thread).
     * @param <S>    the state's type.
     * @return the copy.
     */
    public static <S> EngineState<S> copy(final EngineState<S> source, final Domain<S> domain)
    {
        try
        {
            // Apart, as in the file: a domain may read its snapshot to the end of the stream.
            final ByteArrayOutputStream domainBytes = new ByteArrayOutputStream(1 << 16);
            final DataOutputStream domainOut = new DataOutputStream(domainBytes);
            source.domain().writeSnapshot(source.state(), domainOut);
            domainOut.flush();
            final ByteArrayOutputStream ledgerBytes = new ByteArrayOutputStream(1 << 12);
            final DataOutputStream ledgerOut = new DataOutputStream(ledgerBytes);
            source.ledger().writeTo(ledgerOut);
            ledgerOut.flush();
            final S state = domain.readSnapshot(
                new DataInputStream(new ByteArrayInputStream(domainBytes.toByteArray())));
            final ClientLedger ledger = new ClientLedger(source.ledger().window());
            ledger.readFrom(new DataInputStream(new ByteArrayInputStream(ledgerBytes.toByteArray())));
            return new EngineState<>(domain, state, ledger);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot copy the state through its snapshot format", ex);
        }
    }
}
