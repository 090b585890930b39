package io.sequent.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces a {@link JournalWriter}'s newest segment to the device from another thread (the {@code interval}
 * policy). It syncs through a file channel of its own, so an interrupt of its thread never closes the writer's;
 * the writer forces a segment completely before it rolls to the next, so forcing the newest one covers everything
 * written before the call. Owned by one thread.
 */
public final class JournalSync implements AutoCloseable
{
    private final JournalWriter writer;
    private Path file;
    private FileChannel channel;

    /**
     * @param writer whose segments to force.
     */
    public JournalSync(final JournalWriter writer)
    {
        this.writer = writer;
    }

    /**
     * Forces every frame the writer had appended before this call.
     */
    public void force()
    {
        final Path current = writer.currentFile();
        try
        {
            if (!current.equals(file))
            {
                close();
                channel = FileChannel.open(current, StandardOpenOption.READ);
                file = current;
            }
            channel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot force journal segment " + current + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Releases the channel.
     */
    @Override
    public void close()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close journal segment " + file, ex);
            }
            channel = null;
            file = null;
        }
    }
}
