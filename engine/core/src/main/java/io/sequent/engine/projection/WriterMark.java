package io.sequent.engine.projection;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A lock file next to a projection's map, held by its one writer. It answers two questions at open: is another
 * writer using the map now (the lock is held: refuse), and did the last writer stop without closing (the file is
 * still there: the map needs Chronicle's recovery). The OS drops the lock when a process dies, so a killed writer
 * never blocks the next one; a clean close deletes the file, so clean restarts skip recovery, which Chronicle Map
 * asks not to use as the ordinary way of opening.
 */
final class WriterMark implements AutoCloseable
{
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean previousWriterDied;

    private WriterMark(
        final Path path, final FileChannel channel, final FileLock lock, final boolean previousWriterDied)
    {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.previousWriterDied = previousWriterDied;
    }

    /**
     * @param mapFile the map the mark guards; the mark is {@code <mapFile>.writer}.
     * @return the held mark.
     * @throws IOException           when the mark cannot be created.
     * @throws IllegalStateException when another writer holds it.
     */
    static WriterMark acquire(final Path mapFile) throws IOException
    {
        final Path path = pathFor(mapFile);
        final boolean existed = Files.exists(path);
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            lock = null; // held by this very JVM
        }
        if (lock == null)
        {
            channel.close();
            throw new IllegalStateException("projection " + mapFile + " is being written by another process or " +
                "engine (" + path + " is locked): one writer per file");
        }
        return new WriterMark(path, channel, lock, existed);
    }

    /**
     * @param mapFile the map the mark guards.
     * @return whether a writer has the map open, or died with it open.
     */
    static boolean present(final Path mapFile)
    {
        return Files.exists(pathFor(mapFile));
    }

    private static Path pathFor(final Path mapFile)
    {
        return mapFile.resolveSibling(mapFile.getFileName() + ".writer");
    }

    /**
     * @return whether the mark was left behind by a writer that did not close, so the map may be mid-update.
     */
    boolean previousWriterDied()
    {
        return previousWriterDied;
    }

    /**
     * Gives the mark up after a failed open: releases the lock, and leaves the file behind only when it was there
     * before, so a map that needed recovery still gets it at the next attempt.
     */
    void abandon()
    {
        if (previousWriterDied)
        {
            release();
        }
        else
        {
            close();
        }
    }

    /**
     * Marks a clean stop: call after the map is closed.
     */
    @Override
    public void close()
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            // The map is already closed; a mark left behind costs only a recovery at the next open.
        }
        release();
    }

    private void release()
    {
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ex)
        {
            // Closing the channel drops the lock whatever happens; the OS drops it at exit in any case.
        }
    }
}
