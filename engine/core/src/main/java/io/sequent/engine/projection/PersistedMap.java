package io.sequent.engine.projection;

import io.sequent.engine.DataDirectory;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Chronicle Map file behind a projection, opened the one safe way for its one writer (the projector) or for a
 * reader, with errors that say what to do.
 * <p>
 * The writer holds a {@link WriterMark}: a second writer is refused, and Chronicle Map's recovery runs only when
 * the previous writer died without closing (recovery is unsafe as an ordinary way of opening). A file whose header
 * was never completed fails at once ({@link MapFileCheck}) instead of after Chronicle Map's minute of waiting.
 *
 * @param <K> key type.
 * @param <V> value type.
 */
final class PersistedMap<K, V> implements AutoCloseable
{
    final ChronicleMap<K, V> map;
    private final WriterMark mark;

    private PersistedMap(final ChronicleMap<K, V> map, final WriterMark mark)
    {
        this.map = map;
        this.mark = mark;
    }

    /**
     * Opens the map for its one writer, creating the file when absent.
     *
     * @param builder the map's settings.
     * @param file    the map's file; a lock file {@code <file>.writer} is kept next to it while open.
     * @param what    what the map holds, for messages.
     * @return the open map.
     */
    static <K, V> PersistedMap<K, V> forWriter(
        final ChronicleMapBuilder<K, V> builder, final Path file, final String what)
    {
        DataDirectory.require(file.toAbsolutePath().getParent());
        WriterMark mark = null;
        try
        {
            mark = WriterMark.acquire(file);
            final boolean exists = Files.exists(file);
            if (exists)
            {
                MapFileCheck.requireCompleteHeader(file);
            }
            final ChronicleMap<K, V> map = mark.previousWriterDied() && exists ?
                builder.recoverPersistedTo(file.toFile(), true) : builder.createPersistedTo(file.toFile());
            return new PersistedMap<>(map, mark);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (mark != null)
            {
                mark.abandon();
            }
            if (mark == null && ex instanceof IllegalStateException)
            {
                throw (IllegalStateException)ex; // another writer holds it: its message says so
            }
            throw new IllegalStateException(what + " projection " + file + " cannot be opened (" + ex + "). " +
                "It is a read model: delete the file and the engine rebuilds it from the journal at the next start.",
                ex);
        }
    }

    /**
     * Opens an existing map to read it, for instance while a server writes it from another process.
     *
     * @param builder the map's settings.
     * @param file    the map's file.
     * @param what    what the map holds, for messages.
     * @return the open map, without a writer mark.
     */
    static <K, V> PersistedMap<K, V> forReader(
        final ChronicleMapBuilder<K, V> builder, final Path file, final String what)
    {
        // A missing or empty file would otherwise be created as a fresh map by the reader.
        if (!Files.isRegularFile(file) || file.toFile().length() == 0)
        {
            throw new IllegalStateException("no " + what + " projection at " + file + ": has a server run on that " +
                "data directory?");
        }
        try
        {
            if (!WriterMark.present(file))
            {
                // No writer can be creating it, so an incomplete header is damage: say so now.
                MapFileCheck.requireCompleteHeader(file);
            }
            return new PersistedMap<>(builder.createPersistedTo(file.toFile()), null);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException(what + " projection " + file + " cannot be read (" + ex + "). If it " +
                "is damaged, stop the server, delete the file, and the server rebuilds it from the journal.", ex);
        }
    }

    /**
     * @return true when this instance is the writer.
     */
    boolean isWriter()
    {
        return mark != null;
    }

    /**
     * Throws when a reader is asked to write.
     */
    void requireWriter()
    {
        if (mark == null)
        {
            throw new IllegalStateException("a projection opened to read cannot apply events");
        }
    }

    @Override
    public void close()
    {
        map.close();
        if (mark != null)
        {
            mark.close();
        }
    }
}
