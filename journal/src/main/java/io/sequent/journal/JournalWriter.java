package io.sequent.journal;

import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * Appends frames to a journal directory of fixed-length, preallocated, memory-mapped segments, rolling to a new
 * segment when a frame does not fit. One writer per directory, used by one thread.
 * <p>
 * At open it scans the last segment: a torn tail (a damaged frame with nothing valid after it, left by a crash
 * mid-write) is zeroed and reported; damage with valid frames after it is corruption and refuses the open. A last
 * segment written in format 1 (the single {@code journal.dat} of old) or under another schema version is sealed:
 * new frames go to a new segment after it.
 */
public final class JournalWriter implements AutoCloseable
{
    private static final int ZERO_CHUNK = 1 << 20;

    private final Path dir;
    private final Context ctx;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final JournalOpenReport openReport;
    private final ByteBuffer zeros;
    private final SegmentPreparer preparer;
    private volatile Path currentFile;
    private FileChannel channel;
    private MappedByteBuffer mapped;
    private ByteBuffer view;
    private int position;
    private int flushedPosition;
    private long lastSequence;
    private long segmentsCreated;

    private JournalWriter(final Path dir, final Context ctx) throws IOException
    {
        this.dir = dir;
        this.ctx = ctx;
        // Reused by every roll: preallocation allocates nothing on the journaler's thread.
        this.zeros = ByteBuffer.allocateDirect((int)Math.min(ZERO_CHUNK, ctx.segmentLength()));
        this.preparer = new SegmentPreparer(
            dir.resolve("next" + SegmentFiles.SEGMENT_SUFFIX + SegmentFiles.TEMP_SUFFIX), ctx.segmentLength(),
            ctx.durability() != DurabilityPolicy.NONE);
        Files.createDirectories(dir);
        deleteTempFiles(dir);
        preparer.request();
        // Damage anywhere before the tail refuses the start, naming the segment and offset; a torn tail of the
        // last segment is left for the scan below to repair.
        JournalReader.open(dir).verify(false);
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        if (entries.isEmpty())
        {
            create(ctx.firstSequence());
            lastSequence = ctx.firstSequence() - 1;
            openReport = new JournalOpenReport(
                currentFile.getFileName().toString(), 0, lastSequence, position, -1, 0, 0);
            return;
        }
        final SegmentFiles.Entry last = entries.get(entries.size() - 1);
        if (last.archived())
        {
            // Retention never archives the newest segment; if someone did, continue after it in a new one.
            try (SegmentView segment = SegmentView.open(last))
            {
                final JournalScan scan = JournalScan.of(last.path(), segment.buffer, segment.view, crc,
                    segment.start(), segment.segment.firstSequence());
                if (scan.tornBytes() > 0)
                {
                    throw new JournalCorruptedException(last.path(), scan.endPosition(),
                        "damage after the last frame of an archived segment");
                }
                openReport = scan.report(last.path().getFileName().toString());
                lastSequence = scan.lastSequence();
            }
            create(lastSequence + 1);
            return;
        }
        JournalOpenReport report = null;
        try
        {
            report = openTail(entries);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeSegment();
            throw ex;
        }
        openReport = report;
    }

    /**
     * Opens the newest local segment for appending. With a commit marker, the frames after the last commit frame are
     * an incomplete command a crash cut short: they are zeroed with any torn tail and reported. A command may
     * straddle a roll, so a newest segment holding no commit frame at all is deleted whole and the segment before it
     * opened instead, as long as that one is a local segment of this format (a journal from before commit frames
     * existed, or a first command, is taken whole).
     */
    private JournalOpenReport openTail(final List<SegmentFiles.Entry> entries) throws IOException
    {
        long dropped = 0;
        int index = entries.size() - 1;
        while (true)
        {
            final Path file = entries.get(index).path();
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final long size = channel.size();
            if (size < DOCUMENTS_OFFSET || size >= Integer.MAX_VALUE)
            {
                throw new JournalCorruptedException(file, 0, "file length " + size +
                    " is not that of a journal segment");
            }
            map(size);
            currentFile = file;
            final JournalSegment segment = SegmentHeader.read(file, buffer, false);
            final CommitMarker marker = segment.formatVersion() == FORMAT_VERSION ? ctx.commitMarker() : null;
            final JournalScan scan = JournalScan.of(file, buffer, view, crc, segment.headerLength(),
                segment.firstSequence(), marker);
            final boolean noCommit = marker != null && scan.committedFrames() == 0;
            final boolean previousLocal = index > 0 && isLocalSegment(entries.get(index - 1));
            if (noCommit && previousLocal)
            {
                dropped += scan.frames();
                closeSegment();
                Files.delete(file);
                index--;
                continue;
            }

            // No commit frame in the whole journal: written before commit frames existed, so every frame counts.
            final boolean whole = noCommit && dropped == 0;
            final long uncommitted = whole ? 0 : scan.frames() - scan.committedFrames();
            final int end = (int)(whole ? scan.endPosition() : scan.committedEnd());
            final int dirtyEnd = (int)(scan.endPosition() + scan.tornBytes());
            position = end;
            flushedPosition = position;
            lastSequence = scan.lastSequence() - uncommitted;
            if (dirtyEnd > end)
            {
                buffer.setMemory(end, dirtyEnd - end, (byte)0);
                mapped.force(end, dirtyEnd - end);
            }
            final JournalOpenReport found = scan.report(file.getFileName().toString());
            final JournalOpenReport report = uncommitted + dropped == 0 ? found : new JournalOpenReport(
                found.segment(), scan.committedFrames(), lastSequence, position, found.tornOffset(), found.tornBytes(),
                uncommitted + dropped);
            if (segment.formatVersion() != FORMAT_VERSION || segment.schemaId() != ctx.schemaId() ||
                segment.schemaVersion() != ctx.schemaVersion())
            {
                // Sealed as it is: every segment holds frames of one format and one schema version.
                closeSegment();
                create(lastSequence + 1);
            }
            return report;
        }
    }

    private static boolean isLocalSegment(final SegmentFiles.Entry entry)
    {
        return !entry.archived() && !entry.path().getFileName().toString().equals(SegmentFiles.LEGACY_FILE);
    }

    /**
     * Opens (creating when absent) a journal directory and positions after its last valid frame.
     *
     * @param dir the journal directory.
     * @param ctx settings; {@link Context#conclude()} is called here.
     * @return the writer.
     * @throws JournalCorruptedException when the last segment is damaged before its tail or is not a journal.
     */
    public static JournalWriter open(final Path dir, final Context ctx)
    {
        ctx.conclude();
        try
        {
            return new JournalWriter(dir, ctx);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open journal " + dir + ": " + ex.getMessage() +
                ". Check that the directory is writable and the disk has room.", ex);
        }
    }

    private static void deleteTempFiles(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (file.getFileName().toString().endsWith(SegmentFiles.TEMP_SUFFIX))
                {
                    // A segment whose creation a crash interrupted: it never held a frame.
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * Creates a preallocated segment under a temporary name (or takes the spare the {@link #segmentPreparer()} made
     * ahead of time), stamps its header, forces it unless the policy is {@code none}, then renames it, so a crash
     * never leaves a half-made segment under a segment's name.
     */
    private void create(final long firstSequence) throws IOException
    {
        final Path file = dir.resolve(SegmentFiles.name(firstSequence));
        final int headerLength = SegmentHeader.length(ctx.documents());
        final boolean force = ctx.durability() != DurabilityPolicy.NONE;
        final UnsafeBuffer header = new UnsafeBuffer(new byte[headerLength]);
        SegmentHeader.write(header, ctx.schemaId(), ctx.schemaVersion(), firstSequence, ctx.documents());
        final Path spare = preparer.take();
        final Path temp = spare != null ? spare :
            dir.resolve(SegmentFiles.name(firstSequence) + SegmentFiles.TEMP_SUFFIX);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        {
            if (spare == null)
            {
                // Real blocks, not a sparse file: a full disk shows here, not as a SIGBUS in a mapped write later.
                out.truncate(0);
                long written = 0;
                while (written < ctx.segmentLength())
                {
                    zeros.clear().limit((int)Math.min(zeros.capacity(), ctx.segmentLength() - written));
                    written += out.write(zeros, written);
                }
            }
            out.write(ByteBuffer.wrap(header.byteArray()), 0);
            if (force)
            {
                out.force(spare == null);
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        if (force)
        {
            forceDirectory(dir);
        }
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        map(ctx.segmentLength());
        position = headerLength;
        flushedPosition = position;
        segmentsCreated++;
        currentFile = file;
        preparer.request();
    }

    /**
     * An agent that prepares the next segment file ahead of time, so a roll does not write a segment of zeros on
     * the journaler's thread. Optional: run it on a thread of your own (stop it before {@link #close()}); when it
     * does not run, rolls create segments themselves.
     *
     * @return the preparer.
     */
    public Agent segmentPreparer()
    {
        return preparer;
    }

    static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems cannot sync a directory; the rename is then as durable as they make it.
        }
    }

    private void map(final long length) throws IOException
    {
        mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        view = mapped.duplicate();
        buffer.wrap(mapped);
    }

    private void closeSegment()
    {
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
            mapped = null;
        }
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close journal segment " + currentFile, ex);
            }
            channel = null;
        }
    }

    /**
     * Appends one frame, rolling to a new segment first when it does not fit in the current one.
     *
     * @param sequence  must be {@link #lastSequence()} + 1.
     * @param timestamp epoch nanoseconds.
     * @param src       buffer holding the message.
     * @param offset    of the message.
     * @param length    of the message.
     * @return the position after the frame in its segment.
     * @throws JournalFullException when the frame is larger than a segment can hold.
     */
    public long append(
        final long sequence, final long timestamp, final DirectBuffer src, final int offset, final int length)
    {
        if (sequence != lastSequence + 1)
        {
            throw new IllegalArgumentException("journal " + dir + ": expected sequence " + (lastSequence + 1) +
                " but got " + sequence);
        }
        final int frameLength = HEADER_LENGTH + length;
        if (position + alignedLength(frameLength) > buffer.capacity())
        {
            roll(frameLength);
        }
        buffer.putBytes(position + HEADER_LENGTH, src, offset, length);
        buffer.putLong(position + SEQUENCE_OFFSET, sequence);
        buffer.putLong(position + TIMESTAMP_OFFSET, timestamp);
        buffer.putInt(position + CRC_OFFSET, checksum(crc, view, position, frameLength));
        // Length last, with release semantics: a reader, or the file after a crash, shows all of the frame or none.
        buffer.putIntRelease(position + LENGTH_OFFSET, frameLength);
        position += alignedLength(frameLength);
        lastSequence = sequence;
        return position;
    }

    private void roll(final int frameLength)
    {
        final int headerLength = SegmentHeader.length(ctx.documents());
        if (headerLength + alignedLength(frameLength) > ctx.segmentLength())
        {
            throw new JournalFullException("a frame of " + frameLength + " bytes does not fit in a journal segment " +
                "of " + ctx.segmentLength() + " bytes (header " + headerLength + "): raise " +
                "sequent.journal.segment.length");
        }
        try
        {
            // Whatever the policy promised for the old segment is kept before it is released: the sync thread
            // forces only the newest segment.
            flush();
            if (ctx.durability() != DurabilityPolicy.NONE)
            {
                mapped.force();
            }
            closeSegment();
            create(lastSequence + 1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot roll journal " + dir + " to a new segment at sequence " +
                (lastSequence + 1) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Applies the durability policy to everything appended since the last flush. Call once per batch.
     */
    public void flush()
    {
        if (ctx.durability() == DurabilityPolicy.BATCH && position > flushedPosition)
        {
            mapped.force(flushedPosition, position - flushedPosition);
        }
        flushedPosition = position;
    }

    /**
     * @return sequence of the last frame, or first sequence - 1 when the journal is empty.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @return the position the next frame goes to in the current segment.
     */
    public long position()
    {
        return position;
    }

    /**
     * @return segments this writer created (rolls, and the first segment of a new journal).
     */
    public long segmentsCreated()
    {
        return segmentsCreated;
    }

    /**
     * @return spare segments the {@link #segmentPreparer()} could not make (the journaler then made the segment
     *         itself); safe to call from any thread.
     */
    public long spareFailures()
    {
        return preparer.failures();
    }

    /**
     * Safe to call from any thread.
     *
     * @return the segment being appended to.
     */
    public Path currentFile()
    {
        return currentFile;
    }

    /**
     * @return what the scan at open found.
     */
    public JournalOpenReport openReport()
    {
        return openReport;
    }

    /**
     * @return the journal directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @return the settings.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Forces what was written, releases the current segment and deletes an unused spare (stop the
     * {@link #segmentPreparer()} first).
     */
    @Override
    public void close()
    {
        if (mapped != null)
        {
            mapped.force();
        }
        closeSegment();
        try
        {
            Files.deleteIfExists(preparer.spare());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the spare journal segment " + preparer.spare(), ex);
        }
    }

    /**
     * Settings of a {@link JournalWriter}.
     */
    public static final class Context
    {
        private long segmentLength = 64L << 20;
        private int schemaId;
        private int schemaVersion;
        private long firstSequence = 1;
        private DurabilityPolicy durability = DurabilityPolicy.NONE;
        private CommitMarker commitMarker;
        private final List<byte[]> documents = new ArrayList<>();

        /**
         * Validates the settings.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (segmentLength >= Integer.MAX_VALUE)
            {
                throw new IllegalStateException("journal segment length (sequent.journal.segment.length) must be " +
                    "below 2 GiB: " + segmentLength);
            }
            final int minimum = SegmentHeader.length(documents) + HEADER_LENGTH + ALIGNMENT;
            if (segmentLength < minimum)
            {
                throw new IllegalStateException("journal segment length (sequent.journal.segment.length) must be " +
                    "at least " + minimum + " bytes (the header with its schema documents and a frame): " +
                    segmentLength);
            }
            if (segmentLength % ALIGNMENT != 0)
            {
                throw new IllegalStateException("journal segment length must be a multiple of " + ALIGNMENT + ": " +
                    segmentLength);
            }
            if (firstSequence < 1)
            {
                throw new IllegalStateException("first sequence must be at least 1: " + firstSequence);
            }
            if (durability == null)
            {
                throw new IllegalStateException("a durability policy is required");
            }
            return this;
        }

        /**
         * @param bytes length of every segment file (default 64 MiB, below 2 GiB, a multiple of 8).
         * @return this.
         */
        public Context segmentLength(final long bytes)
        {
            this.segmentLength = bytes;
            return this;
        }

        /**
         * @return length of every segment file.
         */
        public long segmentLength()
        {
            return segmentLength;
        }

        /**
         * @param schemaId SBE schema id of the messages, stamped in each new segment's header.
         * @return this.
         */
        public Context schemaId(final int schemaId)
        {
            this.schemaId = schemaId;
            return this;
        }

        /**
         * @return SBE schema id of the messages.
         */
        public int schemaId()
        {
            return schemaId;
        }

        /**
         * @param schemaVersion SBE schema version of the messages, stamped in each new segment's header.
         * @return this.
         */
        public Context schemaVersion(final int schemaVersion)
        {
            this.schemaVersion = schemaVersion;
            return this;
        }

        /**
         * @return SBE schema version of the messages.
         */
        public int schemaVersion()
        {
            return schemaVersion;
        }

        /**
         * @param document an SBE schema XML document embedded in each new segment's header, so the segment can be
         *                 decoded without the code that wrote it; call once per document (event schema first).
         * @return this.
         */
        public Context addDocument(final byte[] document)
        {
            if (document != null && document.length > 0)
            {
                documents.add(document.clone());
            }
            return this;
        }

        /**
         * @return the documents embedded in new segments.
         */
        public List<byte[]> documents()
        {
            return documents;
        }

        /**
         * @param sequence of a new journal's first frame (default 1).
         * @return this.
         */
        public Context firstSequence(final long sequence)
        {
            this.firstSequence = sequence;
            return this;
        }

        /**
         * @return sequence of a new journal's first frame.
         */
        public long firstSequence()
        {
            return firstSequence;
        }

        /**
         * @param durability when frames are forced to the device (default NONE).
         * @return this.
         */
        public Context durability(final DurabilityPolicy durability)
        {
            this.durability = durability;
            return this;
        }

        /**
         * @return when frames are forced to the device.
         */
        public DurabilityPolicy durability()
        {
            return durability;
        }

        /**
         * @param marker recognises the frame that completes a command; at open, frames after the last such frame
         *               are truncated (a journal holding none is taken whole). Default null: every frame counts on
         *               its own.
         * @return this.
         */
        public Context commitMarker(final CommitMarker marker)
        {
            this.commitMarker = marker;
            return this;
        }

        /**
         * @return what recognises a commit frame, or null.
         */
        public CommitMarker commitMarker()
        {
            return commitMarker;
        }
    }
}
