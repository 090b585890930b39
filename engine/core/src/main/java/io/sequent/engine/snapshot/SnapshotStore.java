package io.sequent.engine.snapshot;

import io.sequent.engine.domain.Domain;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.state.EngineState;
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
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * recorded hash, skipping (with a warning) any that fail.
 */
public final class SnapshotStore
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final long MAGIC = 0x3150414E53514553L; // "SEQSNAP1"
    private static final int FORMAT = 3;
    /** The oldest format read: before it, snapshots held no ledger. */
    private static final int OLDEST_FORMAT = 2;
    private static final int HEADER_LENGTH = 8 + 4 + 4 + 4 + 8 + 8 + 8;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";

    private final Path dir;
    private final int kept;

    /**
     * @param dir  where snapshots live; created when absent.
     * @param kept how many of the newest to keep, at least 1.
     */
    public SnapshotStore(final Path dir, final int kept)
    {
        if (kept < 1)
        {
            throw new IllegalArgumentException("snapshots kept must be at least 1: " + kept);
        }
        this.dir = dir;
        this.kept = kept;
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
     * Writes a snapshot image to a temporary name, forces it, renames it into place and prunes the oldest.
     *
     * @param image from {@link #encode}.
     * @return the file written.
     */
    public Path persist(final Image image)
    {
        try
        {
            Files.createDirectories(dir);
            final Path target = dir.resolve(String.format("%s%020d%s", PREFIX, image.lastSequence(), SUFFIX));
            final Path temp = dir.resolve(target.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer bytes = image.view();
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
            prune();
            return target;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write a snapshot to " + dir + ": " + ex.getMessage(), ex);
        }
    }

    private void forceDirectory()
    {
        // The rename is durable only once the directory is; not every file system allows opening one.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }

    private void prune() throws IOException
    {
        final List<Path> files = list();
        for (int i = 0; i < files.size() - kept; i++)
        {
            Files.deleteIfExists(files.get(i));
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
                .filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
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
                final Loaded<S> loaded = read(domain, file, window);
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
        final byte[] all = Files.readAllBytes(file);
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
