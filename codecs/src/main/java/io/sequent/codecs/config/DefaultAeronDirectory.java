package io.sequent.codecs.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The media driver directory that server and client agree on when {@code aeron.dir} is not set, so that a client,
 * {@code sequent stat} or {@code sequent bench} started with no arguments finds the driver of the server running
 * on the same machine: {@code /dev/shm/sequent-USER}, or {@code TMPDIR/sequent-USER} when /dev/shm is missing or
 * has less than {@link #SHM_HEADROOM} free (a container's 64 MiB /dev/shm is too small for a driver's logs).
 */
public final class DefaultAeronDirectory
{
    /** Room asked of /dev/shm before the directory goes there rather than under the temp directory. */
    public static final long SHM_HEADROOM = 256L << 20;
    /** The name of the file a running driver keeps in its directory (Aeron's {@code CncFileDescriptor.CNC_FILE}). */
    public static final String CNC_FILE = "cnc.dat";

    private static final Path SHM = Path.of("/dev/shm");

    private DefaultAeronDirectory()
    {
    }

    /**
     * @return where a server's driver goes when nothing says otherwise: on /dev/shm when it has room.
     */
    public static String forServer()
    {
        return hasRoom(SHM) ? onShm() : inTempDirectory();
    }

    /**
     * @return where a client looks when nothing says otherwise: whichever of the two places holds a driver's CnC
     *         file, /dev/shm first, else where a server would put it.
     */
    public static String forClient()
    {
        for (final String candidate : List.of(onShm(), inTempDirectory()))
        {
            if (Files.isRegularFile(Path.of(candidate, CNC_FILE)))
            {
                return candidate;
            }
        }
        return forServer();
    }

    /**
     * @param aeronDir a driver directory.
     * @return whether it is one of the two default places.
     */
    public static boolean isDefault(final String aeronDir)
    {
        return onShm().equals(aeronDir) || inTempDirectory().equals(aeronDir);
    }

    private static String onShm()
    {
        return SHM.resolve(leafName()).toString();
    }

    private static String inTempDirectory()
    {
        return Path.of(System.getProperty("java.io.tmpdir")).resolve(leafName()).toString();
    }

    private static String leafName()
    {
        // One per user: two users' servers never share a driver, and the name is the same on every start.
        return "sequent-" + System.getProperty("user.name", "default").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static boolean hasRoom(final Path dir)
    {
        try
        {
            return Files.isDirectory(dir) && Files.isWritable(dir) &&
                Files.getFileStore(dir).getUsableSpace() >= SHM_HEADROOM;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
