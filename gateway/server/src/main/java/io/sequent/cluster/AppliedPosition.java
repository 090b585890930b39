package io.sequent.cluster;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * How far the engine of a cluster node has applied the cluster log: the log position after the last command whose
 * outcome the engine produced, and the journal sequence it reached. Memory-mapped, so it survives a SIGKILL with the
 * journal (both live in the page cache), and other processes (tests, the demo) can read where a node is.
 * <p>
 * On restart the engine recovers from its own journal; the cluster then replays its log from its snapshot (or the
 * start), and the service skips every command at or below this position, which the journal already holds. A crash
 * between a command's journal write and this update leaves one command that is replayed again; the dedup ledger
 * answers it as a duplicate (it is its client's newest), so nothing is applied twice.
 */
public final class AppliedPosition implements AutoCloseable
{
    /** The file's name in a node's directory. */
    public static final String FILE_NAME = "cluster-applied.dat";
    private static final int LENGTH = 4096;
    private static final int POSITION_OFFSET = 0;
    private static final int SEQUENCE_OFFSET = 8;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private AppliedPosition(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * @param dir the node's directory.
     * @return the marker, created at position 0 when absent.
     */
    public static AppliedPosition open(final Path dir)
    {
        final File file = dir.resolve(FILE_NAME).toFile();
        final MappedByteBuffer mapped = file.exists() ?
            IoUtil.mapExistingFile(file, FILE_NAME) : IoUtil.mapNewFile(file, LENGTH, true);
        return new AppliedPosition(mapped);
    }

    /**
     * Reads another process's marker without keeping it open.
     *
     * @param dir a node's directory.
     * @return {log position, journal sequence}, or {-1, -1} when the node has none yet.
     */
    public static long[] read(final Path dir)
    {
        final File file = dir.resolve(FILE_NAME).toFile();
        if (!file.exists())
        {
            return new long[] {-1, -1};
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, FILE_NAME);
        try
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            return new long[] {buffer.getLongVolatile(POSITION_OFFSET), buffer.getLongVolatile(SEQUENCE_OFFSET)};
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * @return the log position of the last command applied, 0 when none.
     */
    public long logPosition()
    {
        return buffer.getLongVolatile(POSITION_OFFSET);
    }

    /**
     * @return the journal sequence the engine had reached then.
     */
    public long journalSequence()
    {
        return buffer.getLongVolatile(SEQUENCE_OFFSET);
    }

    /**
     * @param logPosition     the log position after the command just applied.
     * @param journalSequence the engine's last journal sequence after it.
     */
    public void update(final long logPosition, final long journalSequence)
    {
        // The sequence first: a reader that sees the new position sees the sequence that goes with it.
        buffer.putLongOrdered(SEQUENCE_OFFSET, journalSequence);
        buffer.putLongOrdered(POSITION_OFFSET, logPosition);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
