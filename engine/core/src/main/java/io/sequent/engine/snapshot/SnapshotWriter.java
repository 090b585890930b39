package io.sequent.engine.snapshot;

import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes encoded snapshots to files on an I/O thread, so the force that waits for the device never holds the read
 * side (and, through the event ring, the sequencer) back. The snapshotter hands over one snapshot at a time and
 * learns from {@link #lastWritten()} when it is on disk.
 * <p>
 * A snapshot that cannot be written is logged and dropped: the journal still holds everything, so recovery only
 * replays further back.
 */
public final class SnapshotWriter implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private final SnapshotStore store;
    private final AtomicReference<SnapshotStore.Image> pending = new AtomicReference<>();
    private final AtomicLong lastWritten;
    private volatile boolean writing;

    /**
     * @param store        where snapshots go.
     * @param lastWritten the sequence the newest snapshot on disk covers (0 when none).
     */
    public SnapshotWriter(final SnapshotStore store, final long lastWritten)
    {
        this.store = store;
        this.lastWritten = new AtomicLong(lastWritten);
    }

    /**
     * @return true when no snapshot is waiting or being written: a new one would start at once.
     */
    public boolean isIdle()
    {
        return pending.get() == null && !writing;
    }

    /**
     * Hands a snapshot over to be written. Called by the snapshotter's thread only.
     *
     * @param image the snapshot, which the caller leaves alone until {@link #isIdle()}.
     * @return false when one is still waiting to be written; try again later.
     */
    public boolean offer(final SnapshotStore.Image image)
    {
        return pending.compareAndSet(null, image);
    }

    /**
     * @return the sequence covered by the newest snapshot this writer has put on disk.
     */
    public long lastWritten()
    {
        return lastWritten.get();
    }

    @Override
    public int doWork()
    {
        writing = true;
        try
        {
            final SnapshotStore.Image image = pending.getAndSet(null);
            if (image == null)
            {
                return 0;
            }
            write(image);
            return 1;
        }
        finally
        {
            writing = false;
        }
    }

    private void write(final SnapshotStore.Image image)
    {
        final long start = System.nanoTime();
        try
        {
            final Path file = store.persist(image);
            lastWritten.set(image.lastSequence());
            LOG.info("snapshot at sequence {} written in {} ms ({} bytes): {}", image.lastSequence(),
                (System.nanoTime() - start) / 1_000_000, image.length(), file.getFileName());
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("snapshot at sequence {} not written: {}", image.lastSequence(), ex.getMessage());
        }
    }

    /**
     * Writes what is still waiting, so a clean close keeps the last snapshot taken.
     */
    @Override
    public void onClose()
    {
        final SnapshotStore.Image image = pending.getAndSet(null);
        if (image != null)
        {
            write(image);
        }
    }

    @Override
    public String roleName()
    {
        return "sequent-snapshot-writer";
    }
}
