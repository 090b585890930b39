package io.sequent.journal;

import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.sequent.journal.JournalFrame.ALIGNMENT;
import static io.sequent.journal.JournalFrame.BLOCK_OVERHEAD;
import static io.sequent.journal.JournalFrame.HEADER_LENGTH;

/**
 * Appends frames to a journal directory of fixed-length, preallocated, memory-mapped segments, rolling to a new
 * segment when a frame does not fit. One writer per directory, used by one thread.
 * <p>
 * At open it scans the last segment: a torn tail (a damaged frame with nothing valid after it, left by a crash
 * mid-write) is zeroed and reported; damage with valid frames after it is corruption and refuses the open. A last
 * segment written in format 1 (the single {@code journal.dat} of old) or under another schema version is sealed:
 * new frames go to a new segment after it.
 * <p>
 * The writer is a façade over one class per job: {@link TailRecovery} finds where to resume at open,
 * {@link FrameWriter} writes frames into the mapped segment, {@link SegmentRoller} makes new segments (with the
 * spares of its {@link SegmentPreparer}), and {@link JournalDurability} applies the {@link DurabilityPolicy}. All
 * their file I/O goes through the {@link Context#storage(SegmentStorage) storage seam}; a failed force stops the
 * writer (every later append and flush refuses) rather than let anything unforced be acknowledged.
 * <p>
 * With a {@link Context#keyring(JournalKeyring) keyring} whose current key is set, new segments are encrypted
 * (format 3): frames wait in memory and a {@link BlockSealer} seals them into the segment as AES-GCM blocks at each
 * {@link #publish()} (the end of a batch), {@link #flush()}, or when room runs out. A writer never appends to an
 * encrypted segment it did not create: at open it seals the newest one and starts a new one, so no nonce is used
 * twice under a segment's key, even for sequences a torn tail gave back.
 */
public final class JournalWriter implements AutoCloseable
{
    private final Path dir;
    private final Context ctx;
    private final SegmentRoller roller;
    private final JournalDurability durability;
    private final FrameWriter frames;
    private final BlockSealer sealer;
    private final JournalOpenReport openReport;
    private MappedSegment segment;
    private volatile Path currentFile;

    private JournalWriter(final Path dir, final Context ctx) throws IOException
    {
        this.dir = dir;
        this.ctx = ctx;
        this.roller = new SegmentRoller(dir, ctx);
        roller.prepareDirectory();
        final TailRecovery.Tail tail = new TailRecovery(dir, ctx, roller).open();
        this.frames = new FrameWriter(dir, tail.lastSequence());
        this.sealer = roller.encrypts() ? new BlockSealer(roller.blockCapacity(), ctx.commitMarker()) : null;
        this.durability = new JournalDurability(ctx.durability(), frames);
        this.openReport = tail.report();
        attach(tail.segment(), tail.position());
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

    private void attach(final MappedSegment next, final int position)
    {
        segment = next;
        if (sealer != null)
        {
            final JournalSegment header = SegmentHeader.read(next.path(), next.buffer(), false);
            sealer.attach(next, SegmentHeader.cipher(header, next.buffer(), ctx.keyring()), position,
                frames.lastSequence() + 1, frames.position());
            restage(frames.position());
        }
        else
        {
            frames.wrap(next, position);
        }
        durability.attach(next, position);
        currentFile = next.path();
    }

    private void restage(final int staged)
    {
        frames.wrap(sealer.stagingBuffer(), sealer.stagingView(), staged, sealer.limit());
        if (!durability.usable())
        {
            frames.stop();
        }
    }

    private int filePosition()
    {
        return sealer != null ? sealer.filePosition() : frames.position();
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
        return roller.preparer();
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
     * @throws JournalFullException  when the frame is larger than a segment can hold.
     * @throws SegmentCreationException when a roll could not make the new segment, most often because the device
     *                               is full (the frame is not written; the writer stays on its segment, so the
     *                               append can be tried again; {@link #isStorageFull()} is true until a segment or
     *                               a spare is made).
     * @throws UncheckedIOException  when the force before a roll failed (the writer then refuses everything).
     * @throws IllegalStateException after a failed force.
     */
    public long append(
        final long sequence, final long timestamp, final DirectBuffer src, final int offset, final int length)
    {
        final long end = frames.append(sequence, timestamp, src, offset, length);
        if (end != FrameWriter.NO_ROOM)
        {
            return end;
        }
        // A stopped writer has no room for any frame, so it refuses here, off the hot path.
        durability.checkUsable();
        if (sealer != null)
        {
            return appendSealing(sequence, timestamp, src, offset, length);
        }
        roll(HEADER_LENGTH + length);
        return frames.append(sequence, timestamp, src, offset, length);
    }

    /**
     * The staging or the segment is out of room for a frame: seal what is committed and try again here, then seal
     * an uncommitted command too large to wait, then roll with what is still staged, in that order.
     */
    private long appendSealing(
        final long sequence, final long timestamp, final DirectBuffer src, final int offset, final int length)
    {
        roller.checkFits(HEADER_LENGTH + length);
        final int staged = frames.position();
        int left = sealer.sealCommitted(staged);
        if (left == staged && staged > 0 && staged + alignedFrame(length) > roller.blockCapacity())
        {
            left = sealer.sealAll(staged);
        }
        if (left != staged)
        {
            restage(left);
            final long end = frames.append(sequence, timestamp, src, offset, length);
            if (end != FrameWriter.NO_ROOM)
            {
                return end;
            }
        }
        roll(HEADER_LENGTH + length);
        long end = frames.append(sequence, timestamp, src, offset, length);
        if (end == FrameWriter.NO_ROOM)
        {
            // What was carried over and this frame do not fit one block: the carried frames go first, alone.
            restage(sealer.sealAll(frames.position()));
            end = frames.append(sequence, timestamp, src, offset, length);
            if (end == FrameWriter.NO_ROOM)
            {
                throw new JournalFullException("a frame of " + (HEADER_LENGTH + length) + " bytes does not fit " +
                    "an encrypted block of " + roller.blockCapacity() + " bytes: raise sequent.journal.segment.length");
            }
        }
        return end;
    }

    private static int alignedFrame(final int length)
    {
        return JournalFrame.alignedLength(HEADER_LENGTH + length);
    }

    private void roll(final int frameLength)
    {
        roller.checkFits(frameLength);
        try
        {
            durability.seal(filePosition(), frames.lastSequence());
            // The new segment is made before the old one is released: a failure leaves the writer where it was.
            // Frames still staged (a command not yet whole) start the new segment.
            final MappedSegment next = roller.create(sealer != null ? sealer.stagedFirstSequence() :
                frames.lastSequence() + 1);
            final MappedSegment sealed = segment;
            attach(next, roller.headerLength());
            sealed.close();
        }
        catch (final IOException ex)
        {
            throw new SegmentCreationException("cannot roll journal " + dir + " to a new segment at sequence " +
                (frames.lastSequence() + 1) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Whether the journal is out of room: the spare segment made ahead of each roll, or the segment a roll made
     * itself, could not be made (most often: the device is full), and none has been made since. The current segment
     * still takes frames (it is preallocated), so an engine that stops taking commands now keeps a whole segment
     * for those in flight. Safe to call from any thread, cheaply (a volatile read).
     *
     * @return true while out of room.
     */
    public boolean isStorageFull()
    {
        return roller.space().isFull();
    }

    /**
     * @return what last failed to get room, or null while there is room; safe from any thread.
     */
    public String storageFullCause()
    {
        return roller.space().cause();
    }

    /**
     * @return how many times the journal went from having room to having none; safe from any thread.
     */
    public long storageFullSpells()
    {
        return roller.space().fullSpells();
    }

    /**
     * Bytes of frames the journal can take now without a new segment having to be made: what is left of the current
     * segment and, when the {@link #segmentPreparer()} has the next one ready, that one's room. A frame that does not
     * fit at the end of a segment leaves the rest of it unused, so a caller that adds frames up against this leaves
     * room for one frame of its largest size besides. Read on the writer's thread.
     *
     * @return the room, with frames counted as {@link #bytesAppended()} counts them.
     */
    public long room()
    {
        final long next = roller.spareReady() ? roller.frameArea() : 0;
        if (sealer == null)
        {
            return frames.room() + next;
        }
        // A block per batch at least: half the room, so even batches of one small command each fit their blocks.
        return (Math.max(0, sealer.segmentRoom(frames.position()) - BLOCK_OVERHEAD) + next) / 2;
    }

    /**
     * @return bytes a new segment holds for frames: its length less its header.
     */
    public long frameArea()
    {
        return roller.frameArea();
    }

    /**
     * @return bytes of frames appended since the writer opened, each frame's header and alignment included (the
     *         length of a frame of an n-byte message is {@code align(24 + n, 8)}); read on the writer's thread.
     */
    public long bytesAppended()
    {
        return frames.bytesAppended();
    }

    /**
     * @return whether the {@link #segmentPreparer()} has the next segment ready, so a roll needs no new blocks;
     *         safe from any thread.
     */
    public boolean spareReady()
    {
        return roller.spareReady();
    }

    /**
     * Applies the durability policy to everything appended since the last flush. Call once per batch.
     *
     * @throws UncheckedIOException  naming the segment when the force failed: the batch is not durable, and the
     *                               writer refuses everything from then on.
     * @throws IllegalStateException after an earlier failed force.
     */
    public void flush()
    {
        publish();
        durability.flush(filePosition(), frames.lastSequence());
    }

    /**
     * Puts what was appended into the segment: for an encrypted journal, seals the staged frames up to the last
     * commit frame into a block (frames of a command not yet whole wait for the rest of it); for a plain journal
     * nothing (frames are written in place). Call at the end of each batch, before anyone may read what it wrote
     * (the engine's read side); {@link #flush()} calls it too.
     */
    public void publish()
    {
        if (sealer != null && frames.position() > 0 && durability.usable())
        {
            final int staged = frames.position();
            final int left = sealer.sealCommitted(staged);
            if (left != staged)
            {
                restage(left);
            }
        }
    }

    /**
     * @return sequence of the last frame, or first sequence - 1 when the journal is empty.
     */
    public long lastSequence()
    {
        return frames.lastSequence();
    }

    /**
     * @return the position the next frame goes to in the current segment.
     */
    public long position()
    {
        return filePosition();
    }

    /**
     * @return segments this writer created (rolls, and the first segment of a new journal).
     */
    public long segmentsCreated()
    {
        return roller.segmentsCreated();
    }

    /**
     * @return spare segments the {@link #segmentPreparer()} could not make (the journaler then made the segment
     *         itself); safe to call from any thread.
     */
    public long spareFailures()
    {
        return roller.spareFailures();
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
     * Forces what was written (unless a force failed before), releases the current segment and deletes an unused
     * spare (stop the {@link #segmentPreparer()} first). The segment is released even when the force fails.
     *
     * @throws UncheckedIOException when the force failed.
     */
    @Override
    public void close()
    {
        if (segment == null)
        {
            return;
        }
        try
        {
            publish();
            if (sealer != null && durability.usable())
            {
                // Frames of a command never completed: kept as a block of their own, which the next open cuts.
                sealer.sealAll(frames.position());
            }
            durability.close(frames.lastSequence());
        }
        finally
        {
            final MappedSegment closing = segment;
            segment = null;
            try
            {
                closing.close();
            }
            finally
            {
                roller.close();
            }
        }
    }

    /**
     * Settings of a {@link JournalWriter}.
     */
    public static final class Context
    {
        /** SBE schema ids are unsigned 16-bit. */
        private static final int MAX_SCHEMA_ID = 0xFFFF;

        private long segmentLength = 64L << 20;
        private int schemaId;
        private int schemaVersion;
        private long firstSequence = 1;
        private DurabilityPolicy durability = DurabilityPolicy.NONE;
        private CommitMarker commitMarker;
        private SegmentStorage storage = FileSegmentStorage.INSTANCE;
        private JournalKeyring keyring;
        private final List<byte[]> documents = new ArrayList<>();

        /**
         * Validates the settings and fills defaults; called by {@link JournalWriter#open}. Idempotent.
         *
         * @return this.
         * @throws IllegalStateException naming the setting that is wrong.
         */
        public Context conclude()
        {
            if (segmentLength >= Integer.MAX_VALUE)
            {
                throw new IllegalStateException("journal segment length (sequent.journal.segment.length) must be " +
                    "below 2 GiB: " + segmentLength);
            }
            final boolean encrypts = keyring != null && keyring.encrypts();
            final int minimum = SegmentHeader.length(documents, encrypts) + HEADER_LENGTH + ALIGNMENT +
                (encrypts ? BLOCK_OVERHEAD : 0);
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
            if (schemaId < 0 || schemaId > MAX_SCHEMA_ID)
            {
                throw new IllegalStateException("journal schema id must be an SBE schema id (0.." + MAX_SCHEMA_ID +
                    "): " + schemaId);
            }
            if (schemaVersion < 0)
            {
                throw new IllegalStateException("journal schema version must be at least 0: " + schemaVersion);
            }
            if (firstSequence < 1)
            {
                throw new IllegalStateException("first sequence must be at least 1: " + firstSequence);
            }
            if (durability == null)
            {
                throw new IllegalStateException("a durability policy is required");
            }
            if (storage == null)
            {
                storage = FileSegmentStorage.INSTANCE;
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

        /**
         * @param storage the file system every segment is created, mapped, forced, renamed and deleted through
         *                (default {@link FileSegmentStorage#INSTANCE}, also when null); a test may pass a decorator
         *                that injects faults.
         * @return this.
         */
        public Context storage(final SegmentStorage storage)
        {
            this.storage = storage;
            return this;
        }

        /**
         * @return the file system the journal is written through.
         */
        public SegmentStorage storage()
        {
            return storage;
        }

        /**
         * @param keyring the keys of encrypted segments: its current key encrypts new segments (none current, or
         *                no keyring: new segments are plain); every key reads existing ones (with no keyring, those
         *                the settings name). Default null.
         * @return this.
         */
        public Context keyring(final JournalKeyring keyring)
        {
            this.keyring = keyring;
            return this;
        }

        /**
         * @return the keys of encrypted segments, or null.
         */
        public JournalKeyring keyring()
        {
            return keyring;
        }
    }
}
