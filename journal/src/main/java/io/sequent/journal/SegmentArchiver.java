package io.sequent.journal;

import net.jpountz.lz4.LZ4FrameOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Compresses a sealed segment with LZ4 (frame format) into the archive folder: verified first, written under a
 * temporary name, forced, renamed, and only then is the original deleted, so a reader always finds one of the two.
 * Only the bytes up to the end of the last frame are kept.
 */
public final class SegmentArchiver
{
    private final CRC32C crc = new CRC32C();

    /**
     * @param entry a sealed, not yet archived segment.
     * @return the archived file.
     * @throws JournalCorruptedException when the segment is damaged: a damaged segment is never archived.
     */
    public Path archive(final SegmentFiles.Entry entry)
    {
        final Path target = entry.archivePath();
        final Path temp = target.resolveSibling(target.getFileName() + SegmentFiles.TEMP_SUFFIX);
        try
        {
            Files.createDirectories(target.getParent());
            final byte[] bytes;
            try (SegmentView segment = SegmentView.open(entry))
            {
                final JournalScan scan = JournalScan.of(entry.path(), segment.buffer, segment.view, crc,
                    segment.start(), segment.segment.firstSequence());
                if (scan.tornBytes() > 0)
                {
                    throw new JournalCorruptedException(entry.path(), scan.endPosition(),
                        "damage after the last frame of a sealed segment: not archived");
                }
                bytes = new byte[(int)scan.endPosition()];
                segment.buffer.getBytes(0, bytes);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                try (OutputStream out = new LZ4FrameOutputStream(Channels.newOutputStream(channel)))
                {
                    out.write(bytes);
                    out.flush();
                    channel.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            JournalWriter.forceDirectory(target.getParent());
            Files.delete(entry.path());
            JournalWriter.forceDirectory(entry.path().getParent());
            return target;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot archive journal segment " + entry.path() + " to " + target + ": " +
                ex.getMessage(), ex);
        }
    }
}
