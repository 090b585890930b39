package io.sequent.journal;

import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Forces a {@link JournalWriter}'s newest segment to the device from another thread (the {@code interval}
 * policy). It syncs through a file of its own, opened through the writer's storage seam, so an interrupt of its
 * thread never closes the writer's; the writer forces a segment completely before it rolls to the next, so forcing
 * the newest one covers everything written before the call. A failed force throws: the caller must then stop
 * acknowledging (the engine stops). Owned by one thread.
 */
public final class JournalSync implements AutoCloseable
{
    private final JournalWriter writer;
    private final SegmentStorage storage;
    private Path file;
    private StorageFile handle;

    /**
     * @param writer whose segments to force.
     */
    public JournalSync(final JournalWriter writer)
    {
        this.writer = writer;
        this.storage = writer.context().storage();
    }

    /**
     * Forces every frame the writer had appended before this call.
     *
     * @throws UncheckedIOException naming the segment when the force failed: those frames may not be durable.
     */
    public void force()
    {
        final Path current = writer.currentFile();
        try
        {
            if (!current.equals(file))
            {
                close();
                handle = storage.open(current, SegmentStorage.Access.READ);
                file = current;
            }
            handle.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot force journal segment " + current + " to the device: frames " +
                "written to it may not be durable: " + ex.getMessage(), ex);
        }
    }

    /**
     * Releases the file it forces through.
     */
    @Override
    public void close()
    {
        if (handle != null)
        {
            try
            {
                handle.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close journal segment " + file, ex);
            }
            handle = null;
            file = null;
        }
    }
}
