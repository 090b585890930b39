package io.sequent.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check every component makes before it puts files in a directory, so a bad path fails at start with one
 * clear message rather than deep inside a library.
 */
public final class DataDirectory
{
    private DataDirectory()
    {
    }

    /**
     * Creates the directory when absent and checks that it is writable.
     *
     * @param dir the directory.
     * @return the directory.
     * @throws IllegalStateException saying which directory and what to do.
     */
    public static Path require(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir))
            {
                throw new IOException("not writable");
            }
            return dir;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("data directory " + dir.toAbsolutePath() + " cannot be used (" +
                ex + "): give a writable directory with --dir (property sequent.dir)", ex);
        }
    }
}
