package io.sequent.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Names and finds the files of a journal directory: segments named by their first sequence
 * ({@code 00000000000000000001.seg}), archived segments ({@code archive/00000000000000000001.seg.lz4}) and the
 * format 1 single file ({@code journal.dat}) written before segments existed.
 */
public final class SegmentFiles
{
    /** Suffix of a segment. */
    public static final String SEGMENT_SUFFIX = ".seg";
    /** What archiving appends to a segment's name. */
    public static final String COMPRESSED_SUFFIX = ".lz4";
    /** Suffix of an archived (LZ4-compressed) segment. */
    public static final String ARCHIVE_SUFFIX = SEGMENT_SUFFIX + COMPRESSED_SUFFIX;
    /** Suffix of a file being written, ignored by readers. */
    public static final String TEMP_SUFFIX = ".tmp";
    /** Folder of archived segments, inside the journal directory. */
    public static final String ARCHIVE_DIR = "archive";
    /** The format 1 journal file. */
    public static final String LEGACY_FILE = "journal.dat";

    private SegmentFiles()
    {
    }

    /**
     * One segment file of a journal directory.
     *
     * @param path          the file.
     * @param firstSequence of its first frame, from its name (from its header for the format 1 file).
     * @param archived      whether it is an LZ4-compressed copy in the archive folder.
     */
    public record Entry(Path path, long firstSequence, boolean archived)
    {
        /**
         * @return where the segment goes when archived.
         */
        public Path archivePath()
        {
            return path.resolveSibling(ARCHIVE_DIR).resolve(name(firstSequence) + COMPRESSED_SUFFIX);
        }
    }

    /**
     * @param firstSequence of a segment.
     * @return its file name.
     */
    public static String name(final long firstSequence)
    {
        return String.format("%020d%s", firstSequence, SEGMENT_SUFFIX);
    }

    /**
     * Lists a journal directory's segments in sequence order. A segment present both in the directory and in the
     * archive (an archiving that stopped between its rename and its delete) is listed once, from the directory.
     *
     * @param dir the journal directory; absent means empty.
     * @return the segments, oldest first.
     */
    public static List<Entry> list(final Path dir)
    {
        final TreeMap<Long, Entry> entries = new TreeMap<>();
        try
        {
            final Path archive = dir.resolve(ARCHIVE_DIR);
            if (Files.isDirectory(archive))
            {
                for (final Path file : files(archive))
                {
                    final String name = file.getFileName().toString();
                    if (name.endsWith(ARCHIVE_SUFFIX))
                    {
                        final long first = parse(name, ARCHIVE_SUFFIX);
                        if (first > 0)
                        {
                            entries.put(first, new Entry(file, first, true));
                        }
                    }
                }
            }
            if (Files.isDirectory(dir))
            {
                for (final Path file : files(dir))
                {
                    final String name = file.getFileName().toString();
                    if (name.endsWith(SEGMENT_SUFFIX))
                    {
                        final long first = parse(name, SEGMENT_SUFFIX);
                        if (first > 0)
                        {
                            entries.put(first, new Entry(file, first, false));
                        }
                    }
                    else if (name.equals(LEGACY_FILE))
                    {
                        final long first = legacyFirstSequence(file);
                        entries.put(first, new Entry(file, first, false));
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal " + dir + ": " + ex.getMessage(), ex);
        }
        return new ArrayList<>(entries.values());
    }

    private static List<Path> files(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        }
    }

    private static long parse(final String name, final String suffix)
    {
        final String digits = name.substring(0, name.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit))
        {
            return -1;
        }
        return Long.parseLong(digits);
    }

    private static long legacyFirstSequence(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer bytes = ByteBuffer.allocate(JournalFrame.LEGACY_HEADER_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0)
            {
                // Read the whole header.
            }
            if (bytes.position() < JournalFrame.LEGACY_HEADER_LENGTH || bytes.getLong(0) != JournalFrame.MAGIC)
            {
                throw new JournalCorruptedException(file, 0, "no journal magic: not a Sequent journal");
            }
            return bytes.getLong(JournalFrame.FIRST_SEQUENCE_OFFSET);
        }
        catch (final NoSuchFileException ex)
        {
            throw ex;
        }
    }
}
