package io.sequent.cli.cluster;

import io.sequent.journal.JournalReader;

import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A digest of a journal's frames (sequence, timestamp and bytes of each, in order), to tell whether nodes wrote the
 * same journal whatever its segment files look like.
 *
 * @param lastSequence the last frame's sequence.
 * @param crc          CRC32C over every frame.
 */
public record JournalDigest(long lastSequence, long crc)
{
    /**
     * @param journalDir a journal directory (a node's {@code engine/journal}).
     * @return its digest.
     */
    public static JournalDigest of(final Path journalDir)
    {
        final CRC32C crc = new CRC32C();
        final long[] last = {0};
        final byte[] bytes = new byte[1 << 16];
        final byte[] longBytes = new byte[16];
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            reader.read(1, (sequence, timestamp, buffer, offset, length) ->
            {
                for (int i = 0; i < 8; i++)
                {
                    longBytes[i] = (byte)(sequence >>> (8 * i));
                    longBytes[8 + i] = (byte)(timestamp >>> (8 * i));
                }
                crc.update(longBytes, 0, 16);
                buffer.getBytes(offset, bytes, 0, length);
                crc.update(bytes, 0, length);
                last[0] = sequence;
            });
        }
        return new JournalDigest(last[0], crc.getValue());
    }

    @Override
    public String toString()
    {
        return "journal to sequence " + lastSequence + " crc " + Long.toHexString(crc);
    }
}
