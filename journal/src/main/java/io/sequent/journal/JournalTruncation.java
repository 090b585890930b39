package io.sequent.journal;

import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.BLOCK_COUNT_OFFSET;
import static io.sequent.journal.JournalFrame.HEADER_LENGTH;
import static io.sequent.journal.JournalFrame.LENGTH_OFFSET;
import static io.sequent.journal.JournalFrame.SEQUENCE_OFFSET;
import static io.sequent.journal.JournalFrame.alignedLength;

/**
 * Cuts a journal after a sequence, the operator's way out of an entry the code cannot apply: the journal is left as a
 * writer that stopped after that sequence would have left it, so the writer's own open ({@code TailRecovery}) takes
 * it as it is, with no torn tail and nothing dropped; everything removed is kept in a copy directory, never deleted.
 * <ul>
 *     <li>segments after the one holding the sequence are moved to the copy, newest first, so the journal is a
 *     valid prefix at every step of a cut a crash interrupts;</li>
 *     <li>the segment holding it is copied whole, then its bytes after the sequence's frame are zeroed and forced
 *     (a segment is preallocated: zeros are what a writer leaves after its last frame);</li>
 *     <li>an encrypted segment is cut at a block's end; when the sequence falls inside a block, the block goes and the
 *     frames of it up to the sequence are written again by a {@link JournalWriter}, into a new segment under a new
 *     key derivation, as a writer reopening the journal would: resealing them under the block's own nonce would
 *     reuse it.</li>
 * </ul>
 * With a {@link CommitMarker}, the sequence must be a commit frame (the end of a whole command): the writer's open
 * drops frames after the last commit frame, so a cut anywhere else would not be the journal it reopens. Not safe
 * while a writer has the journal open.
 */
public final class JournalTruncation
{
    /**
     * What a cut did.
     *
     * @param lastSequence  the journal's last sequence now.
     * @param previousLast  its last readable sequence before.
     * @param removedFrames frames cut (all kept in the copy).
     * @param copy          the copy directory: a journal directory of its own holding every removed frame.
     * @param moved         segment files moved whole to the copy.
     * @param cutSegment    the segment whose tail was cut (copied whole first), or null when the cut fell at a
     *                      segment's end.
     * @param rewritten     frames written again into a new segment (an encrypted block cut inside).
     * @param damage        the damage that ended the readable journal before the cut, or null.
     */
    public record Result(
        long lastSequence,
        long previousLast,
        long removedFrames,
        Path copy,
        List<String> moved,
        String cutSegment,
        long rewritten,
        String damage)
    {
    }

    private final Path dir;
    private final SegmentStorage storage;
    private final JournalKeyring keyring;
    private final CommitMarker marker;

    /**
     * @param dir     the journal directory.
     * @param storage the file system it is read and written through (null: the real one).
     * @param keyring the keys of its encrypted segments, or null for those the settings name.
     * @param marker  recognises a whole command's last frame, or null when every frame stands alone.
     */
    public JournalTruncation(
        final Path dir, final SegmentStorage storage, final JournalKeyring keyring, final CommitMarker marker)
    {
        this.dir = dir;
        this.storage = storage == null ? FileSegmentStorage.INSTANCE : storage;
        this.keyring = keyring;
        this.marker = marker;
    }

    /**
     * What reading the journal up to its end found.
     */
    private static final class Survey implements FrameHandler
    {
        private final CommitMarker marker;
        private final long after;
        private long last;
        private long frames;
        private long commits;
        private long commitBefore;
        private long commitAfter = -1;
        private boolean afterIsCommit;

        Survey(final CommitMarker marker, final long after, final long first)
        {
            this.marker = marker;
            this.after = after;
            this.last = first - 1;
        }

        @Override
        public void onFrame(
            final long sequence, final long timestamp, final org.agrona.DirectBuffer buffer, final int offset,
            final int length)
        {
            last = sequence;
            frames++;
            if (marker != null && marker.isCommit(buffer, offset, length))
            {
                commits++;
                if (sequence < after)
                {
                    commitBefore = sequence;
                }
                else if (sequence == after)
                {
                    afterIsCommit = true;
                }
                else if (commitAfter < 0)
                {
                    commitAfter = sequence;
                }
            }
        }
    }

    /**
     * Cuts the journal after {@code after}.
     *
     * @param after the last sequence kept.
     * @param copy  a directory, absent or empty, that receives what is removed.
     * @return what was cut.
     * @throws IllegalArgumentException when {@code after} is past the end, before the oldest sequence the journal
     *                                  holds, not a commit frame, or inside an archived or format 1 segment.
     * @throws UncheckedIOException     when a file cannot be copied, moved or written.
     */
    public Result truncateAfter(final long after, final Path copy)
    {
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        if (entries.isEmpty())
        {
            throw new IllegalArgumentException("no journal segments in " + dir);
        }
        final long oldest = entries.get(0).firstSequence();
        if (after < oldest)
        {
            throw new IllegalArgumentException("--after " + after + " is before the oldest sequence the journal " +
                "holds (" + oldest + (oldest > 1 ? ", older segments were deleted by retention" : "") + "): a cut " +
                "keeps at least one entry");
        }
        final Survey survey = new Survey(marker, after, oldest);
        String damage = null;
        try (JournalReader reader = JournalReader.open(dir, storage, keyring))
        {
            reader.read(oldest, survey);
        }
        catch (final JournalCorruptedException ex)
        {
            // A cut before the damage is a way out of it too: the damaged frames go to the copy with the rest.
            damage = ex.getMessage();
        }
        if (after > survey.last)
        {
            throw new IllegalArgumentException("--after " + after + " is past the end of the journal, which ends at " +
                "sequence " + survey.last + (damage == null ? "" : " (then damage: " + damage + ")"));
        }
        if (marker != null && survey.commits > 0 && !survey.afterIsCommit)
        {
            throw new IllegalArgumentException("sequence " + after + " is inside a command, not its last entry: " +
                "the journal reopens only after a whole command. Cut after " + survey.commitBefore +
                (survey.commitAfter > 0 ? " or " + survey.commitAfter : "") + " (the last entries of the commands " +
                "around it)");
        }
        if (after == survey.last && damage == null)
        {
            return new Result(after, survey.last, 0, null, List.of(), null, 0, null);
        }
        int index = entries.size() - 1;
        while (entries.get(index).firstSequence() > after)
        {
            index--;
        }
        final SegmentFiles.Entry holding = entries.get(index);
        final long holdingLast = index + 1 < entries.size() ? entries.get(index + 1).firstSequence() - 1 :
            Long.MAX_VALUE;
        final boolean cutInside = after < holdingLast;
        if (cutInside && (holding.archived() || holding.path().getFileName().toString().equals(
            SegmentFiles.LEGACY_FILE)))
        {
            throw new IllegalArgumentException("sequence " + after + " is inside " + holding.path() + ", which is " +
                (holding.archived() ? "an archived (compressed) segment" : "a format 1 journal file") + ": it can " +
                "be cut only at its end, after " + holdingLast);
        }
        try
        {
            return cut(entries, index, after, copy, survey, damage, cutInside);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot cut journal " + dir + " after sequence " + after + ": " +
                ex.getMessage() + ". What was moved so far is in " + copy, ex);
        }
    }

    private Result cut(
        final List<SegmentFiles.Entry> entries,
        final int index,
        final long after,
        final Path copy,
        final Survey survey,
        final String damage,
        final boolean cutInside) throws IOException
    {
        Files.createDirectories(copy);
        final SegmentFiles.Entry holding = entries.get(index);
        List<Frame> rewrite = List.of();
        JournalSegment header = null;
        String cutSegment = null;
        final long segmentLength = Files.size(holding.path());
        if (cutInside)
        {
            // The whole segment first: the copy holds every removed frame before anything is changed.
            final Path segmentCopy = copy.resolve(holding.path().getFileName());
            Files.copy(holding.path(), segmentCopy, StandardCopyOption.COPY_ATTRIBUTES);
            cutSegment = holding.path().getFileName().toString();
            try (JournalReader reader = JournalReader.open(dir, storage, keyring))
            {
                header = reader.segments().get(index);
            }
        }
        final List<String> moved = new ArrayList<>();
        for (int i = entries.size() - 1; i > index; i--)
        {
            final SegmentFiles.Entry entry = entries.get(i);
            final Path target = entry.archived() ?
                copy.resolve(SegmentFiles.ARCHIVE_DIR).resolve(entry.path().getFileName()) :
                copy.resolve(entry.path().getFileName());
            Files.createDirectories(target.getParent());
            storage.move(entry.path(), target);
            moved.add(entry.path().getFileName().toString());
        }
        boolean removedHolding = false;
        if (cutInside)
        {
            if (header.encrypted())
            {
                final long blockFirst = blockStart(holding.path(), header, after, true);
                if (blockFirst <= after)
                {
                    rewrite = frames(blockFirst, after);
                }
                if (blockFirst == header.firstSequence())
                {
                    // Its first block goes: the segment holds nothing a writer would have kept, so it goes whole.
                    storage.deleteIfExists(holding.path());
                    removedHolding = true;
                }
                else
                {
                    zeroFrom(holding.path(), (int)blockStart(holding.path(), header, after, false));
                }
            }
            else
            {
                zeroFrom(holding.path(), frameEnd(holding.path(), header, after));
            }
        }
        storage.forceDirectory(dir);
        if (!rewrite.isEmpty())
        {
            rewriteFrames(header, segmentLength, rewrite,
                removedHolding ? holding.firstSequence() : rewrite.get(0).sequence);
        }
        return new Result(after, survey.last, survey.last - after, copy, moved, cutSegment, rewrite.size(), damage);
    }

    /**
     * One frame to write again.
     */
    private record Frame(long sequence, long timestamp, byte[] message)
    {
    }

    private List<Frame> frames(final long from, final long to)
    {
        final List<Frame> frames = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir, storage, keyring))
        {
            reader.read(from, to, (sequence, timestamp, buffer, offset, length) ->
            {
                final byte[] message = new byte[length];
                buffer.getBytes(offset, message);
                frames.add(new Frame(sequence, timestamp, message));
            });
        }
        return frames;
    }

    /**
     * @return where the frame of {@code after} ends in a plain segment.
     */
    private int frameEnd(final Path file, final JournalSegment header, final long after) throws IOException
    {
        try (MappedSegment segment = MappedSegment.open(storage, file))
        {
            final UnsafeBuffer buffer = segment.buffer();
            final CRC32C crc = new CRC32C();
            int pos = header.headerLength();
            for (long sequence = header.firstSequence(); sequence <= after; sequence++)
            {
                final int length = JournalFrame.validLength(buffer, segment.mapped().duplicate(), crc, pos,
                    buffer.capacity(), sequence);
                if (length < HEADER_LENGTH)
                {
                    throw new JournalCorruptedException(file, pos, "frame " + sequence + " fails its checks");
                }
                pos += alignedLength(length);
            }
            return pos;
        }
    }

    /**
     * @param first true for the first sequence of the block holding {@code after + 1}, false for its position.
     */
    private long blockStart(final Path file, final JournalSegment header, final long after, final boolean first)
        throws IOException
    {
        try (MappedSegment segment = MappedSegment.open(storage, file))
        {
            final UnsafeBuffer buffer = segment.buffer();
            int pos = header.headerLength();
            long sequence = header.firstSequence();
            while (pos + JournalFrame.BLOCK_HEADER_LENGTH <= buffer.capacity())
            {
                final int length = buffer.getInt(pos + LENGTH_OFFSET);
                final int count = buffer.getInt(pos + BLOCK_COUNT_OFFSET);
                if (length <= 0 || buffer.getLong(pos + SEQUENCE_OFFSET) != sequence)
                {
                    break;
                }
                if (sequence + count > after + 1)
                {
                    return first ? sequence : pos;
                }
                pos += length;
                sequence += count;
            }
            return first ? sequence : pos;
        }
    }

    /**
     * Zeros a segment from {@code from} to its last byte that is not zero, and forces it.
     */
    private void zeroFrom(final Path file, final int from) throws IOException
    {
        try (MappedSegment segment = MappedSegment.open(storage, file))
        {
            final int end = JournalScan.lastNonZero(segment.buffer(), from) + 1;
            if (end > from)
            {
                segment.buffer().setMemory(from, end - from, (byte)0);
                segment.force(from, end - from);
            }
        }
    }

    /**
     * Writes frames cut from an encrypted block again, as a writer reopening the journal would: it seals the newest
     * segment and starts a new one under a new key derivation.
     */
    private void rewriteFrames(
        final JournalSegment header, final long segmentLength, final List<Frame> frames, final long firstSequence)
    {
        final JournalWriter.Context ctx = new JournalWriter.Context()
            .segmentLength(segmentLength)
            .schemaId(header.schemaId())
            .schemaVersion(header.schemaVersion())
            .firstSequence(firstSequence)
            .commitMarker(marker)
            .storage(storage)
            .keyring(keyring)
            .durability(DurabilityPolicy.BATCH);
        for (final byte[] document : header.documents())
        {
            ctx.addDocument(document);
        }
        try (JournalWriter writer = JournalWriter.open(dir, ctx))
        {
            final UnsafeBuffer message = new UnsafeBuffer(0, 0);
            for (final Frame frame : frames)
            {
                message.wrap(frame.message);
                writer.append(frame.sequence, frame.timestamp, message, 0, frame.message.length);
            }
            writer.flush();
        }
    }
}
