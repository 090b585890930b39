package io.sequent.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.ENCRYPTED_FORMAT_VERSION;
import static io.sequent.journal.JournalFrame.FORMAT_VERSION;

/**
 * Finds where a writer resumes when it opens a journal. Damage anywhere before the tail refuses the open, naming the
 * segment and offset. In the newest segment, a torn tail (a damaged frame with nothing valid after it, left by a
 * crash mid-write) is zeroed and reported, and with a {@link CommitMarker} so are the frames after the last commit
 * frame. A newest segment written in format 1 (the single {@code journal.dat} of old), under another schema version,
 * or archived is sealed: appending goes on in a new segment after it. So is an encrypted newest segment (format 3),
 * always, once its tail is cut at a block's end: a segment is written by one writer only, so a sequence given back by
 * a torn tail is written again under another segment's key, never under a nonce used before.
 */
final class TailRecovery
{
    /**
     * Where appending resumes.
     *
     * @param segment      the segment to append to, mapped.
     * @param position     where its next frame goes.
     * @param lastSequence of the last frame kept.
     * @param report       what the scan found.
     */
    record Tail(MappedSegment segment, int position, long lastSequence, JournalOpenReport report)
    {
    }

    private final Path dir;
    private final JournalWriter.Context ctx;
    private final SegmentRoller roller;
    private final CRC32C crc = new CRC32C();

    /**
     * @param dir    the journal directory, which exists.
     * @param ctx    concluded settings.
     * @param roller makes a new segment where the newest one is sealed or there is none.
     */
    TailRecovery(final Path dir, final JournalWriter.Context ctx, final SegmentRoller roller)
    {
        this.dir = dir;
        this.ctx = ctx;
        this.roller = roller;
    }

    /**
     * @return where to append, the segment open.
     * @throws JournalCorruptedException when a segment is damaged before the tail or is not a journal's.
     * @throws IOException               when a segment cannot be read, repaired or created.
     */
    Tail open() throws IOException
    {
        // A torn tail of the last segment is left for the scan below to repair.
        try (JournalReader reader = JournalReader.open(dir, ctx.storage(), ctx.keyring()))
        {
            reader.verify(false);
        }
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        if (entries.isEmpty())
        {
            final MappedSegment segment = roller.create(ctx.firstSequence());
            final long lastSequence = ctx.firstSequence() - 1;
            return new Tail(segment, roller.headerLength(), lastSequence, new JournalOpenReport(
                segment.path().getFileName().toString(), 0, lastSequence, roller.headerLength(), -1, 0, 0));
        }
        final SegmentFiles.Entry last = entries.get(entries.size() - 1);
        if (last.archived())
        {
            return afterArchived(last);
        }
        return openNewest(entries);
    }

    /**
     * Retention never archives the newest segment; if someone did, appending goes on after it in a new one.
     */
    private Tail afterArchived(final SegmentFiles.Entry last) throws IOException
    {
        final JournalOpenReport report;
        final long lastSequence;
        try (SegmentView segment = SegmentView.open(last, ctx.storage(), ctx.keyring()))
        {
            final JournalScan scan = segment.scan(crc);
            if (scan.tornBytes() > 0)
            {
                throw new JournalCorruptedException(last.path(), scan.endPosition(),
                    "damage after the last frame of an archived segment");
            }
            report = scan.report(last.path().getFileName().toString());
            lastSequence = scan.lastSequence();
        }
        return new Tail(roller.create(lastSequence + 1), roller.headerLength(), lastSequence, report);
    }

    /**
     * Opens the newest local segment for appending. With a commit marker, the frames after the last commit frame are
     * an incomplete command a crash cut short: they are zeroed with any torn tail and reported. A command may
     * straddle a roll, so a newest segment holding no commit frame at all is deleted whole and the segment before it
     * opened instead, as long as that one is a local segment of this format (a journal from before commit frames
     * existed, or a first command, is taken whole).
     */
    private Tail openNewest(final List<SegmentFiles.Entry> entries) throws IOException
    {
        long dropped = 0;
        int index = entries.size() - 1;
        while (true)
        {
            final Path file = entries.get(index).path();
            final MappedSegment segment = MappedSegment.open(ctx.storage(), file);
            try
            {
                final JournalSegment header = SegmentHeader.read(file, segment.buffer(), false);
                final CommitMarker marker = header.formatVersion() >= FORMAT_VERSION ? ctx.commitMarker() : null;
                final JournalScan scan = header.encrypted() ?
                    BlockScan.of(file, segment.buffer(), segment.mapped().duplicate(), crc, header.headerLength(),
                        header.firstSequence(), SegmentHeader.cipher(header, segment.buffer(), ctx.keyring()), marker,
                        null).result() :
                    JournalScan.of(file, segment.buffer(), segment.mapped().duplicate(), crc,
                        header.headerLength(), header.firstSequence(), marker);
                final boolean noCommit = marker != null && scan.committedFrames() == 0;
                if (noCommit && index > 0 && isLocalSegment(entries.get(index - 1)))
                {
                    dropped += scan.frames();
                    segment.close();
                    ctx.storage().deleteIfExists(file);
                    index--;
                    continue;
                }
                return resume(segment, header, scan, noCommit && dropped == 0, dropped);
            }
            catch (final IOException | RuntimeException ex)
            {
                closeQuietly(segment, ex);
                throw ex;
            }
        }
    }

    /**
     * @param whole   no commit frame in the whole journal: written before commit frames existed, so every frame
     *                counts.
     * @param dropped frames of newer segments deleted for holding no commit frame.
     */
    private Tail resume(
        final MappedSegment segment,
        final JournalSegment header,
        final JournalScan scan,
        final boolean whole,
        final long dropped) throws IOException
    {
        final long uncommitted = whole ? 0 : scan.frames() - scan.committedFrames();
        final int end = (int)(whole ? scan.endPosition() : scan.committedEnd());
        final int dirtyEnd = (int)(scan.endPosition() + scan.tornBytes());
        final long lastSequence = scan.lastSequence() - uncommitted;
        if (dirtyEnd > end)
        {
            segment.buffer().setMemory(end, dirtyEnd - end, (byte)0);
            segment.force(end, dirtyEnd - end);
        }
        final JournalOpenReport found = scan.report(segment.path().getFileName().toString());
        final JournalOpenReport report = uncommitted + dropped == 0 ? found : new JournalOpenReport(
            found.segment(), scan.committedFrames(), lastSequence, end, found.tornOffset(), found.tornBytes(),
            uncommitted + dropped);
        final boolean encrypts = ctx.keyring() != null && ctx.keyring().encrypts();
        if (header.encrypted() || header.formatVersion() != (encrypts ? ENCRYPTED_FORMAT_VERSION : FORMAT_VERSION) ||
            header.schemaId() != ctx.schemaId() || header.schemaVersion() != ctx.schemaVersion())
        {
            // Sealed as it is: every segment holds frames of one format and one schema version, and an encrypted
            // one is written by one writer only.
            segment.close();
            return new Tail(roller.create(lastSequence + 1), roller.headerLength(), lastSequence, report);
        }
        return new Tail(segment, end, lastSequence, report);
    }

    private static boolean isLocalSegment(final SegmentFiles.Entry entry)
    {
        return !entry.archived() && !entry.path().getFileName().toString().equals(SegmentFiles.LEGACY_FILE);
    }

    private static void closeQuietly(final MappedSegment segment, final Exception cause)
    {
        try
        {
            segment.close();
        }
        catch (final RuntimeException ex)
        {
            cause.addSuppressed(ex);
        }
    }
}
