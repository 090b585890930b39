package io.sequent.journal;

import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * Reads the frames of a journal directory in sequence order, across its segments (archived ones included,
 * decompressed transparently), checking each frame's length, sequence and CRC and that each segment starts where
 * the one before it ended. A frame that fails is never delivered: the read stops with a
 * {@link JournalCorruptedException} naming the segment and offset.
 * <p>
 * It sees the segments that existed when it was opened; one segment is mapped at a time, through the storage seam.
 * Encrypted segments (format 3) and sealed archives are read with the keyring given, else with the keys the settings
 * name ({@link JournalKeyring#fromSettings()}): a segment whose key is missing or wrong fails with a
 * {@link io.sequent.journal.crypto.JournalKeyException} naming it and the key id; a block whose tag fails is
 * corruption, never delivered.
 */
public final class JournalReader implements AutoCloseable
{
    private final Path dir;
    private final SegmentStorage storage;
    private final JournalKeyring keyring;
    private final CRC32C crc = new CRC32C();
    private final List<SegmentFiles.Entry> entries;

    private JournalReader(final Path dir, final SegmentStorage storage, final JournalKeyring keyring)
    {
        this.dir = dir;
        this.storage = storage;
        this.keyring = keyring;
        this.entries = SegmentFiles.list(dir);
    }

    /**
     * @param dir a journal directory (segments, an archive folder, or the format 1 {@code journal.dat}).
     * @return a reader over it.
     */
    public static JournalReader open(final Path dir)
    {
        return open(dir, FileSegmentStorage.INSTANCE);
    }

    /**
     * @param dir     a journal directory (segments, an archive folder, or the format 1 {@code journal.dat}).
     * @param storage the file system its segments are read through.
     * @return a reader over it.
     */
    public static JournalReader open(final Path dir, final SegmentStorage storage)
    {
        return new JournalReader(dir, storage, null);
    }

    /**
     * @param dir     a journal directory.
     * @param storage the file system its segments are read through.
     * @param keyring the keys of its encrypted segments, or null for those the settings name.
     * @return a reader over it.
     */
    public static JournalReader open(final Path dir, final SegmentStorage storage, final JournalKeyring keyring)
    {
        return new JournalReader(dir, storage == null ? FileSegmentStorage.INSTANCE : storage, keyring);
    }

    /**
     * Delivers every frame from {@code fromSequence} to the end.
     *
     * @param fromSequence first sequence wanted.
     * @param handler      receives the frames.
     * @return frames delivered.
     */
    public long read(final long fromSequence, final FrameHandler handler)
    {
        return read(fromSequence, Long.MAX_VALUE, handler);
    }

    /**
     * Delivers the frames with sequences in [fromSequence, toSequence].
     *
     * @param fromSequence first sequence wanted.
     * @param toSequence   last sequence wanted, inclusive.
     * @param handler      receives the frames.
     * @return frames delivered.
     * @throws IllegalStateException     when frames before {@code fromSequence} are wanted that retention deleted.
     * @throws JournalCorruptedException when a frame fails its checks or a segment does not continue the one
     *                                   before it.
     */
    public long read(final long fromSequence, final long toSequence, final FrameHandler handler)
    {
        if (entries.isEmpty() || fromSequence > toSequence)
        {
            return 0;
        }
        final long oldest = entries.get(0).firstSequence();
        if (fromSequence < oldest)
        {
            throw new IllegalStateException("journal " + dir + " starts at sequence " + oldest + " (older segments " +
                "were deleted by retention): sequences from " + fromSequence + " are gone. Restore them from a " +
                "backup, or start from a snapshot at or after sequence " + (oldest - 1));
        }
        int first = 0;
        while (first + 1 < entries.size() && entries.get(first + 1).firstSequence() <= fromSequence)
        {
            first++;
        }
        long delivered = 0;
        long expected = entries.get(first).firstSequence();
        for (int i = first; i < entries.size() && expected <= toSequence; i++)
        {
            try (SegmentView segment = SegmentView.open(entries.get(i), storage, keyring))
            {
                expected = checkContinuity(segment, expected, i == first);
                final int limit = segment.buffer.capacity();
                int pos = segment.start();
                while (pos + HEADER_LENGTH <= limit && expected <= toSequence)
                {
                    if (segment.buffer.getIntVolatile(pos + LENGTH_OFFSET) == 0)
                    {
                        break;
                    }
                    final int length = validLength(segment.buffer, segment.view, crc, pos, limit, expected);
                    if (length < 0)
                    {
                        throw new JournalCorruptedException(segment.segment.file(), pos, "frame " + expected +
                            " fails its length, sequence or CRC check");
                    }
                    if (expected >= fromSequence)
                    {
                        handler.onFrame(expected, segment.buffer.getLong(pos + TIMESTAMP_OFFSET), segment.buffer,
                            pos + HEADER_LENGTH, length - HEADER_LENGTH);
                        delivered++;
                    }
                    pos += alignedLength(length);
                    expected++;
                }
                if (segment.blockTornBytes() > 0 && expected <= toSequence)
                {
                    throw new JournalCorruptedException(segment.segment.file(), segment.scan(crc).endPosition(),
                        "the block of sequence " + expected + " fails its length, sequence or CRC check");
                }
            }
        }
        return delivered;
    }

    private static long checkContinuity(final SegmentView segment, final long expected, final boolean first)
    {
        final long firstSequence = segment.segment.firstSequence();
        if (!first && firstSequence != expected)
        {
            throw new JournalCorruptedException(segment.segment.file(), FIRST_SEQUENCE_OFFSET, "the segment starts " +
                "at sequence " + firstSequence + " but the segment before it ended at " + (expected - 1) +
                (firstSequence > expected ? ": frames are missing" : ": frames overlap"));
        }
        return firstSequence;
    }

    /**
     * Checks every segment without changing anything: headers, every frame's length, sequence and CRC, sequence
     * continuity across segments, and what follows the last valid frame of each segment. Only the last segment
     * may end in a torn tail (reported, not repaired); damage anywhere else is corruption.
     *
     * @return one report per segment, oldest first.
     * @throws JournalCorruptedException naming the segment and offset of the first damage.
     */
    public List<SegmentReport> verify()
    {
        return verify(true);
    }

    /**
     * @param archived whether to decompress and check archived segments too (they were checked before they were
     *                 archived; the writer skips them at open).
     */
    List<SegmentReport> verify(final boolean archived)
    {
        final List<SegmentReport> reports = new ArrayList<>();
        long expected = entries.isEmpty() ? 1 : entries.get(0).firstSequence();
        boolean continuous = false;
        for (int i = 0; i < entries.size(); i++)
        {
            final SegmentFiles.Entry entry = entries.get(i);
            if (entry.archived() && !archived)
            {
                continuous = false;
                continue;
            }
            try (SegmentView segment = SegmentView.open(entry, storage, keyring))
            {
                expected = checkContinuity(segment, expected, !continuous);
                final JournalScan scan = segment.scan(crc);
                if (scan.tornBytes() > 0 && i < entries.size() - 1)
                {
                    throw new JournalCorruptedException(segment.segment.file(), scan.endPosition(), "frame " +
                        (scan.lastSequence() + 1) + " fails its length, sequence or CRC check in a sealed segment");
                }
                reports.add(new SegmentReport(segment.segment, scan.frames(), scan.lastSequence(), scan.endPosition(),
                    scan.tornBytes()));
                expected = scan.lastSequence() + 1;
                continuous = true;
            }
        }
        return reports;
    }

    /**
     * Reads the headers of every segment.
     *
     * @return the segments, oldest first.
     */
    public List<JournalSegment> segments()
    {
        final List<JournalSegment> segments = new ArrayList<>();
        for (final SegmentFiles.Entry entry : entries)
        {
            try (SegmentView segment = SegmentView.open(entry, storage, keyring))
            {
                segments.add(segment.segment);
            }
        }
        return Collections.unmodifiableList(segments);
    }

    /**
     * @return the segment files found at open, oldest first.
     */
    public List<SegmentFiles.Entry> entries()
    {
        return Collections.unmodifiableList(entries);
    }

    /**
     * @return the journal directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Nothing is held between reads; kept so readers are used in try-with-resources.
     */
    @Override
    public void close()
    {
    }
}
