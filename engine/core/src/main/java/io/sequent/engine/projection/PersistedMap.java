package io.sequent.engine.projection;

import io.sequent.engine.DataDirectory;
import net.openhft.chronicle.hash.ChronicleHashCorruption;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The Chronicle Map file behind a projection, opened the one safe way for its one writer (the projector) or for a
 * reader, with errors that say what to do.
 * <p>
 * The writer holds a {@link WriterMark}: a second writer is refused, and Chronicle Map's recovery runs only when
 * the previous writer died without closing (recovery is unsafe as an ordinary way of opening). A file whose header
 * was never completed fails at once ({@link MapFileCheck}) instead of after Chronicle Map's minute of waiting.
 * <p>
 * Damage inside a map that opens is detected by the writer at open and the map rebuilt: a clean close leaves a
 * {@link MapDigest} of every entry, checked at the next open; after a writer died, Chronicle Map's recovery checks
 * each entry's checksum (maps are created with entry checksums) and reports what it finds corrupt. Either way a
 * damaged map is moved aside to {@code <file>.damaged}, an empty one takes its place (its checkpoint 0, so the
 * engine replays the whole journal into it), and {@link #damage()} says what was found: a read model is rebuilt,
 * never served different from what the journal says.
 *
 * @param <K> key type.
 * @param <V> value type.
 */
final class PersistedMap<K, V> implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PersistedMap.class);

    final ChronicleMap<K, V> map;
    private final WriterMark mark;
    private final Path file;
    private final String damage;

    private PersistedMap(final ChronicleMap<K, V> map, final WriterMark mark, final Path file, final String damage)
    {
        this.map = map;
        this.mark = mark;
        this.file = file;
        this.damage = damage;
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
            if (!exists)
            {
                // Left by a map that was deleted to be rebuilt: it describes nothing now.
                MapDigest.delete(file);
                return new PersistedMap<>(builder.createPersistedTo(file.toFile()), mark, file, null);
            }
            MapFileCheck.requireCompleteHeader(file);
            final List<String> corruptions = new ArrayList<>();
            final ChronicleMap<K, V> map = mark.previousWriterDied() ?
                builder.recoverPersistedTo(file.toFile(), true, corruption -> corruptions.add(describe(corruption))) :
                builder.createPersistedTo(file.toFile());
            final String damage = check(map, file, corruptions);
            if (damage == null)
            {
                MapDigest.delete(file);
                return new PersistedMap<>(map, mark, file, null);
            }
            return new PersistedMap<>(rebuild(builder, map, file, what, damage), mark, file, damage);
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

    private static String describe(final ChronicleHashCorruption corruption)
    {
        return corruption.message() + " (segment " + corruption.segmentIndex() + ")";
    }

    /**
     * @return what is wrong with the map just opened, or null when it is whole.
     */
    private static String check(final ChronicleMap<?, ?> map, final Path file, final List<String> corruptions)
    {
        if (!corruptions.isEmpty())
        {
            return "Chronicle Map's recovery found " + corruptions.size() + " corruption(s), the first: " +
                corruptions.get(0);
        }
        try
        {
            final MapDigest written = MapDigest.read(file);
            if (written == null)
            {
                // A writer died (recovery checked the entries' checksums), or the map predates digests.
                return null;
            }
            final String difference = written.difference(MapDigest.of(map));
            return difference == null ? null : "its entries do not match the digest written at its last clean " +
                "close: " + difference;
        }
        catch (final IOException | RuntimeException ex)
        {
            return ex instanceof IOException ? ex.getMessage() : "its entries cannot be read (" + ex + ")";
        }
    }

    /**
     * Moves a damaged map aside and creates an empty one in its place, for the engine to replay the journal into.
     */
    private static <K, V> ChronicleMap<K, V> rebuild(
        final ChronicleMapBuilder<K, V> builder,
        final ChronicleMap<K, V> damaged,
        final Path file,
        final String what,
        final String damage) throws IOException
    {
        damaged.close();
        final Path aside = file.resolveSibling(file.getFileName() + ".damaged");
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        MapDigest.delete(file);
        LOG.warn("{} projection {} is damaged ({}): moved to {} and rebuilt from the journal", what, file, damage,
            aside.getFileName());
        return builder.createPersistedTo(file.toFile());
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
            return new PersistedMap<>(builder.createPersistedTo(file.toFile()), null, file, null);
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

    /**
     * @return what the writer found damaged at open and rebuilt the map for, or null when it opened whole.
     */
    String damage()
    {
        return damage;
    }

    /**
     * Closes the map; the writer first takes its digest and, once the map is closed, leaves it beside the file for
     * the next writer to check, then marks the stop as clean.
     */
    @Override
    public void close()
    {
        MapDigest digest = null;
        if (mark != null)
        {
            try
            {
                digest = MapDigest.of(map);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("projection {}: no digest written at close ({}); the next open cannot check it", file, ex);
            }
        }
        map.close();
        if (mark != null)
        {
            if (digest != null)
            {
                try
                {
                    digest.write(file);
                }
                catch (final IOException ex)
                {
                    LOG.warn("projection {}: no digest written at close ({}); the next open cannot check it", file,
                        ex.getMessage());
                }
            }
            mark.close();
        }
    }
}
