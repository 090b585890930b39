package io.sequent.journal;

import io.sequent.journal.crypto.AeadCipher;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.sequent.journal.JournalFrame.alignedLength;

/**
 * Makes the writer's new segments: names them by their first sequence, takes the spare the {@link SegmentPreparer}
 * made ahead of time (or preallocates one itself), stamps the header, forces it unless the policy is {@code none},
 * renames it into place and maps it. Every step goes through the storage seam. Owned by the writer's thread.
 */
final class SegmentRoller implements AutoCloseable
{
    private static final int ZERO_CHUNK = 1 << 20;
    /** Bytes of frames an encrypted block holds at most: a batch larger than that takes several blocks. */
    private static final int MAX_BLOCK = 1 << 20;

    private final Path dir;
    private final JournalWriter.Context ctx;
    private final SegmentStorage storage;
    private final boolean force;
    private final JournalKeyring keyring;
    private final int headerLength;
    private final ByteBuffer zeros;
    private final SegmentPreparer preparer;
    private final SpaceState space = new SpaceState();
    private long segmentsCreated;

    /**
     * @param dir the journal directory.
     * @param ctx concluded settings.
     */
    SegmentRoller(final Path dir, final JournalWriter.Context ctx)
    {
        this.dir = dir;
        this.ctx = ctx;
        this.storage = ctx.storage();
        this.force = ctx.durability() != DurabilityPolicy.NONE;
        this.keyring = ctx.keyring() != null && ctx.keyring().encrypts() ? ctx.keyring() : null;
        this.headerLength = SegmentHeader.length(ctx.documents(), keyring != null);
        // Reused by every roll: preallocation allocates nothing on the journaler's thread.
        this.zeros = ByteBuffer.allocateDirect((int)Math.min(ZERO_CHUNK, ctx.segmentLength()));
        this.preparer = new SegmentPreparer(storage,
            dir.resolve("next" + SegmentFiles.SEGMENT_SUFFIX + SegmentFiles.TEMP_SUFFIX), ctx.segmentLength(), force,
            space);
    }

    /**
     * Creates the directory when absent, deletes what an interrupted creation left, and asks for a spare.
     *
     * @throws IOException when the directory cannot be made or cleaned.
     */
    void prepareDirectory() throws IOException
    {
        storage.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (file.getFileName().toString().endsWith(SegmentFiles.TEMP_SUFFIX))
                {
                    // A segment whose creation a crash interrupted: it never held a frame.
                    storage.deleteIfExists(file);
                }
            }
        }
        preparer.request();
    }

    /**
     * @param frameLength of a frame, header included.
     * @throws JournalFullException when it does not fit even in an empty segment.
     */
    void checkFits(final int frameLength)
    {
        if (headerLength + alignedLength(frameLength) + (keyring != null ? JournalFrame.BLOCK_OVERHEAD : 0) >
            ctx.segmentLength())
        {
            throw new JournalFullException("a frame of " + frameLength + " bytes does not fit in a journal segment " +
                "of " + ctx.segmentLength() + " bytes (header " + headerLength + "): raise " +
                "sequent.journal.segment.length");
        }
    }

    /**
     * Creates a preallocated segment under a temporary name (or takes the spare), stamps its header, forces it
     * unless the policy is {@code none}, then renames it, so a crash never leaves a half-made segment under a
     * segment's name. A failure leaves no segment under the new name that holds a frame, and the caller's current
     * segment untouched: the roll can be tried again.
     *
     * @param firstSequence of the new segment's first frame.
     * @return the new segment, mapped; its first frame goes at {@link #headerLength()}.
     * @throws IOException when the segment cannot be made (for example when the device is full).
     */
    MappedSegment create(final long firstSequence) throws IOException
    {
        final Path file = dir.resolve(SegmentFiles.name(firstSequence));
        final UnsafeBuffer header = new UnsafeBuffer(new byte[headerLength]);
        if (keyring != null)
        {
            // A key of its own for every segment, from a fresh salt: its blocks' nonces are unique within it.
            final byte[] salt = AeadCipher.newSalt();
            final int keyId = keyring.currentId();
            SegmentHeader.write(header, ctx.schemaId(), ctx.schemaVersion(), firstSequence, ctx.documents(),
                AeadCipher.derive(keyring.key(keyId, "the journal's current key"), keyId, salt, SegmentHeader.PURPOSE),
                salt);
        }
        else
        {
            SegmentHeader.write(header, ctx.schemaId(), ctx.schemaVersion(), firstSequence, ctx.documents());
        }
        final Path spare = preparer.take();
        final Path temp = spare != null ? spare : dir.resolve(file.getFileName() + SegmentFiles.TEMP_SUFFIX);
        try
        {
            stamp(temp, spare != null, header);
            storage.move(temp, file);
        }
        catch (final IOException | RuntimeException ex)
        {
            // A partial segment would hold blocks that the next attempt needs.
            deleteQuietly(temp, ex);
            full(firstSequence, ex);
            throw ex;
        }
        finally
        {
            // Taken or not, the spare is gone: ask for the next one, also after a failure (it retries then).
            preparer.request();
        }
        try
        {
            if (force)
            {
                storage.forceDirectory(dir);
            }
            final MappedSegment segment = MappedSegment.open(storage, file);
            segmentsCreated++;
            space.room();
            return segment;
        }
        catch (final IOException | RuntimeException ex)
        {
            // Not left under a segment's name: the caller may append a frame of this sequence elsewhere instead.
            storage.deleteIfExists(file);
            full(firstSequence, ex);
            throw ex;
        }
    }

    private void full(final long firstSequence, final Exception ex)
    {
        space.full("cannot create the journal segment " + SegmentFiles.name(firstSequence) + " in " + dir + ": " +
            ex.getMessage());
    }

    private void deleteQuietly(final Path file, final Exception cause)
    {
        try
        {
            storage.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            cause.addSuppressed(ex);
        }
    }

    /**
     * @return whether new segments could last be made; safe from any thread.
     */
    SpaceState space()
    {
        return space;
    }

    /**
     * @return whether new segments are encrypted.
     */
    boolean encrypts()
    {
        return keyring != null;
    }

    /**
     * @return bytes of frames one encrypted block holds at most.
     */
    int blockCapacity()
    {
        return (int)Math.min(MAX_BLOCK, ctx.segmentLength() - headerLength - JournalFrame.BLOCK_OVERHEAD);
    }

    /**
     * @return bytes a new segment holds for frames.
     */
    long frameArea()
    {
        return ctx.segmentLength() - headerLength;
    }

    /**
     * @return whether the preparer has a spare ready; safe from any thread.
     */
    boolean spareReady()
    {
        return preparer.isReady();
    }

    private void stamp(final Path temp, final boolean preallocated, final UnsafeBuffer header) throws IOException
    {
        try (StorageFile out = storage.open(temp, SegmentStorage.Access.CREATE))
        {
            if (!preallocated)
            {
                // Real blocks, not a sparse file: a full disk shows here, not as a SIGBUS in a mapped write later.
                out.truncate(0);
                long written = 0;
                while (written < ctx.segmentLength())
                {
                    zeros.clear().limit((int)Math.min(zeros.capacity(), ctx.segmentLength() - written));
                    out.writeFully(zeros, written);
                    written += zeros.limit();
                }
            }
            out.writeFully(ByteBuffer.wrap(header.byteArray()), 0);
            if (force)
            {
                // A spare's blocks were forced when it was made; a fresh file needs its length forced too.
                out.force(!preallocated);
            }
        }
    }

    /**
     * @return bytes of a new segment's header: where its first frame goes.
     */
    int headerLength()
    {
        return headerLength;
    }

    /**
     * @return the agent that makes spares ahead of time.
     */
    Agent preparer()
    {
        return preparer;
    }

    /**
     * @return spares the preparer could not make.
     */
    long spareFailures()
    {
        return preparer.failures();
    }

    /**
     * @return segments created (rolls, and the first segment of a new journal).
     */
    long segmentsCreated()
    {
        return segmentsCreated;
    }

    /**
     * Deletes an unused spare (stop the preparer first).
     */
    @Override
    public void close()
    {
        try
        {
            storage.deleteIfExists(preparer.spare());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the spare journal segment " + preparer.spare(), ex);
        }
    }
}
