package io.sequent.gateway;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.sequent.codecs.config.DefaultAeronDirectory;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An Aeron media driver in the server's own process, sized for a small shared machine: one shared thread that
 * backs off when idle, small sparse term buffers, and a directory of its own that is deleted on start and on
 * close, never Aeron's default shared one. {@code sequent server} uses {@link #defaultDirectory()}, the same on
 * every start so that clients and {@code sequent stat} find it; tests and embedded servers use a unique one.
 * <p>
 * A directory that holds a running driver is never taken over: deleting it would cut that driver's clients off.
 * One left by a killed process (its CnC file names a pid that is gone) is cleaned and reused at once.
 */
public final class EmbeddedDriver
{
    /** Term length for publications and IPC: 4 MiB sparse, so a log maps 12 MiB of shared memory at most. */
    public static final int TERM_LENGTH = 4 << 20;
    /** Room asked of /dev/shm before the driver directory goes there rather than under the temp directory. */
    static final long SHM_HEADROOM = DefaultAeronDirectory.SHM_HEADROOM;

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
        refuseRunningDriver(aeronDir);
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
     * @return the directory a server's driver takes when {@code aeron.dir} is not set: {@code /dev/shm/sequent-USER}
     *         (the temp directory when /dev/shm has less than 256 MiB free), where clients look by default.
     */
    public static String defaultDirectory()
    {
        return DefaultAeronDirectory.forServer();
    }

    /**
     * @param aeronDir a driver directory about to be used.
     * @throws IllegalStateException when a live driver runs there, naming its pid and what to do.
     */
    static void refuseRunningDriver(final String aeronDir)
    {
        final File cnc = new File(aeronDir, CncFileDescriptor.CNC_FILE);
        if (!cnc.isFile() || cnc.length() < CncFileDescriptor.END_OF_METADATA_OFFSET)
        {
            return;
        }
        final long pid = pid(cnc);
        // Another process: alive or not (a kill -9 leaves a fresh heartbeat behind). This one, or no pid: by the
        // driver's heartbeat.
        final boolean alive = pid > 0 && pid != ProcessHandle.current().pid() ?
            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) : heartbeating(aeronDir);
        if (alive)
        {
            throw new IllegalStateException("a media driver is already running in " + aeronDir +
                (pid > 0 ? " (pid " + pid + ")" : "") + ": is another sequent server running? Stop it, or give " +
                "this one a directory of its own with --aeron-dir (property aeron.dir)");
        }
    }

    private static boolean heartbeating(final String aeronDir)
    {
        try
        {
            return CommonContext.isDriverActive(
                new File(aeronDir), CommonContext.DEFAULT_DRIVER_TIMEOUT_MS, message -> {});
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    private static long pid(final File cnc)
    {
        MappedByteBuffer mapped = null;
        try
        {
            mapped = IoUtil.mapExistingFile(cnc, "cnc");
            return CncFileDescriptor.pid(CncFileDescriptor.createMetaDataBuffer(mapped));
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
        finally
        {
            IoUtil.unmap(mapped);
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
