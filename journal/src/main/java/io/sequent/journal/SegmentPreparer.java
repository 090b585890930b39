package io.sequent.journal;

import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares the next segment file ahead of time, off the journaler's thread: a spare file of the segment length,
 * written with zeros (real blocks, not a sparse file) and, unless the policy is {@code none}, forced. A roll then
 * only stamps the header into the spare and renames it, instead of writing a whole segment of zeros while the ring
 * waits. Run by whoever owns the writer (the engine runs it on its journal I/O thread); when nobody runs it, or it
 * is not done in time, the writer creates the segment itself. Writes through the storage seam.
 * <p>
 * A spare that cannot be made (the device is full) is deleted, so its partial blocks do not hold the room a later
 * attempt needs, and the journal's {@link SpaceState} says it is full; the preparer tries again on its own every
 * {@link #RETRY_NS} (once the file system reports room for a whole segment), and a spare made clears the state.
 */
final class SegmentPreparer implements Agent
{
    static final int IDLE = 0;
    static final int REQUESTED = 1;
    static final int READY = 2;
    static final int RETRY = 3;
    /** Time between attempts after a failure. */
    static final long RETRY_NS = TimeUnit.MILLISECONDS.toNanos(200);

    private static final int ZERO_CHUNK = 1 << 20;

    private final SegmentStorage storage;
    private final Path spare;
    private final long length;
    private final boolean force;
    private final SpaceState space;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private ByteBuffer zeros;
    private long retryAtNs;
    private volatile long failures;

    /**
     * @param storage the file system.
     * @param spare   where the spare file goes (a temporary name, deleted when a writer opens the journal).
     * @param length  of a segment.
     * @param force   whether the spare's blocks are forced to the device.
     * @param space   told when a spare cannot be made, and when one can again.
     */
    SegmentPreparer(
        final SegmentStorage storage, final Path spare, final long length, final boolean force, final SpaceState space)
    {
        this.storage = storage;
        this.spare = spare;
        this.length = length;
        this.force = force;
        this.space = space;
    }

    @Override
    public int doWork()
    {
        final int current = state.get();
        if (current == RETRY)
        {
            final long now = System.nanoTime();
            if (now - retryAtNs < 0)
            {
                return 0;
            }
            if (storage.usableSpace(spare.getParent()) < length)
            {
                // Still no room for a segment: writing one to the brim again would only churn the device.
                retryAtNs = now + RETRY_NS;
                return 0;
            }
            state.compareAndSet(RETRY, REQUESTED);
        }
        else if (current != REQUESTED)
        {
            return 0;
        }
        try (StorageFile out = storage.open(spare, SegmentStorage.Access.CREATE))
        {
            if (zeros == null)
            {
                zeros = ByteBuffer.allocateDirect((int)Math.min(ZERO_CHUNK, length));
            }
            out.truncate(0);
            long written = 0;
            while (written < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - written));
                out.writeFully(zeros, written);
                written += zeros.limit();
            }
            if (force)
            {
                out.force(true);
            }
        }
        catch (final IOException ex)
        {
            // Not fatal: the writer creates the segment itself at its next roll if there is room by then; meanwhile
            // the journal reports itself full and this agent tries again.
            failures++;
            space.full("cannot prepare the next journal segment " + spare + " (" + length + " bytes): " +
                ex.getMessage());
            deleteSpare(ex);
            retryAtNs = System.nanoTime() + RETRY_NS;
            state.set(RETRY);
            return 1;
        }
        space.room();
        state.compareAndSet(REQUESTED, READY);
        return 1;
    }

    private void deleteSpare(final IOException cause)
    {
        try
        {
            storage.deleteIfExists(spare);
        }
        catch (final IOException ex)
        {
            cause.addSuppressed(ex);
        }
    }

    /**
     * @return whether a spare is ready to be taken; safe from any thread.
     */
    boolean isReady()
    {
        return state.get() == READY;
    }

    /**
     * Writer's thread: asks for a spare unless one is ready or being made.
     */
    void request()
    {
        state.compareAndSet(IDLE, REQUESTED);
    }

    /**
     * Writer's thread: takes the spare when it is ready.
     *
     * @return the spare file, now the caller's, or null when none is ready.
     */
    Path take()
    {
        if (state.get() != READY)
        {
            return null;
        }
        state.set(IDLE);
        return spare;
    }

    /**
     * @return spares that could not be made (the writer then made its segment itself).
     */
    long failures()
    {
        return failures;
    }

    /**
     * @return where the spare file goes.
     */
    Path spare()
    {
        return spare;
    }

    @Override
    public String roleName()
    {
        return "sequent-segment-preparer";
    }
}
