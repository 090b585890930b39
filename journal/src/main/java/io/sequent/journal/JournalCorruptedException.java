package io.sequent.journal;

import java.nio.file.Path;

/**
 * The journal holds damage that is not a torn tail: a frame that fails its checks with valid frames after it, or
 * a file that is not a journal. Nothing after the damage can be trusted, so the engine refuses to start.
 */
public final class JournalCorruptedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * @param file   the damaged file.
     * @param offset byte offset of the damage.
     * @param what   what failed.
     */
    public JournalCorruptedException(final Path file, final long offset, final String what)
    {
        super("journal " + file + " is corrupt at offset " + offset + ": " + what +
            ". Restore the file from a replica or backup; do not delete it, it holds acknowledged events.");
        this.file = file;
        this.offset = offset;
    }

    /**
     * @return the damaged file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return byte offset of the damage in the file.
     */
    public long offset()
    {
        return offset;
    }
}
