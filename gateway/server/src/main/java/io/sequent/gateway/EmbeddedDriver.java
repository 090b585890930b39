package io.sequent.gateway;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An Aeron media driver in the server's own process, sized for a small shared machine: one shared thread that
 * backs off when idle, small sparse term buffers, and a directory of its own that is deleted on start and on
 * close, never Aeron's default shared one.
 */
public final class EmbeddedDriver
{
    /** Term length for publications and IPC: 4 MiB sparse, so a log maps 12 MiB of shared memory at most. */
    public static final int TERM_LENGTH = 4 << 20;
    /** Room asked of /dev/shm before the driver directory goes there rather than under the temp directory. */
    static final long SHM_HEADROOM = 256L << 20;

    private EmbeddedDriver()
    {
    }

    /**
     * Launches a driver in a new unique directory.
     *
     * @param dir the directory to use, or null to pick a unique one under /dev/shm (or the temp directory when
     *            /dev/shm is missing or has less than 256 MiB free).
     * @return the running driver; close it to stop it and delete its directory.
     */
    public static MediaDriver launch(final String dir)
    {
        final String aeronDir = dir != null ? dir : uniqueDirectory();
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, 1_000, 100_000))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(TERM_LENGTH)
            .ipcTermBufferLength(TERM_LENGTH);
        try
        {
            return MediaDriver.launch(ctx);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("cannot start the embedded Aeron media driver in " + aeronDir + ": " +
                ex.getMessage() + ". Check that the directory's file system has room (df -h " +
                new File(aeronDir).getParent() + ") or give another with aeron.dir", ex);
        }
    }

    /**
     * @return a unique directory for a driver, on /dev/shm when it has room.
     */
    public static String uniqueDirectory()
    {
        final String name = "sequent-aeron-" + ProcessHandle.current().pid() + "-" +
            UUID.randomUUID().toString().substring(0, 8);
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm) && usableSpace(shm) >= SHM_HEADROOM)
        {
            return shm.resolve(name).toString();
        }
        return Path.of(System.getProperty("java.io.tmpdir")).resolve(name).toString();
    }

    private static long usableSpace(final Path path)
    {
        try
        {
            final FileStore store = Files.getFileStore(path);
            return store.getUsableSpace();
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
