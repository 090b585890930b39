package io.sequent.exchange;

import io.sequent.engine.DataDirectory;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opening the Chronicle Map files behind projections, with errors that say what to do.
 */
final class PersistedMap
{
    private PersistedMap()
    {
    }

    /**
     * For the projector, the only writer: creates the file, or recovers it, since the writer that had it open may
     * have been killed mid-update.
     */
    static <K, V> ChronicleMap<K, V> forWriter(final ChronicleMapBuilder<K, V> builder, final Path file)
    {
        DataDirectory.require(file.toAbsolutePath().getParent());
        try
        {
            return Files.exists(file) ? builder.recoverPersistedTo(file.toFile(), true) :
                builder.createPersistedTo(file.toFile());
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("projection " + file + " cannot be opened: " + ex +
                ". Delete the file and it is rebuilt from the journal at the next start.", ex);
        }
    }

    /**
     * For readers, in this process or another, while the projector writes.
     */
    static <K, V> ChronicleMap<K, V> forReader(final ChronicleMapBuilder<K, V> builder, final Path file)
    {
        if (!Files.exists(file))
        {
            throw new IllegalStateException("no projection at " + file + ": has a server run on that data directory?");
        }
        try
        {
            return builder.createPersistedTo(file.toFile());
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("projection " + file + " cannot be read: " + ex, ex);
        }
    }
}
