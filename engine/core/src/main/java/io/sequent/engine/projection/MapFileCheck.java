package io.sequent.engine.projection;

import net.openhft.chronicle.hash.impl.SizePrefixedBlob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks that an existing Chronicle Map file finished its creation, when nobody can be creating it now: the writer
 * holds the {@link WriterMark}, or a reader finds no mark. Chronicle Map itself waits a whole minute for an
 * incomplete header, assuming another process is still creating the file; knowing nobody is, we fail at once.
 */
final class MapFileCheck
{
    private MapFileCheck()
    {
    }

    /**
     * @param file a map file, possibly empty (Chronicle Map then initialises it).
     * @throws IOException when the file is non-empty and its header was never completed.
     */
    static void requireCompleteHeader(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size == 0)
            {
                return;
            }
            // The header's size word, whose sign bit Chronicle Map clears once the header is fully written.
            final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            if (size < SizePrefixedBlob.SELF_BOOTSTRAPPING_HEADER_OFFSET ||
                channel.read(word, SizePrefixedBlob.SIZE_WORD_OFFSET) != Integer.BYTES ||
                !SizePrefixedBlob.isReady(word.getInt(0)))
            {
                throw new IOException("not a complete Chronicle Map file (header unfinished or overwritten)");
            }
        }
    }
}
