package io.sequent.journal;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * Writes and checks a segment's header (layout in {@link JournalFrame}).
 */
final class SegmentHeader
{
    private SegmentHeader()
    {
    }

    /**
     * @param documents to embed.
     * @return bytes of a format 2 header embedding them, a multiple of the frame alignment.
     */
    static int length(final List<byte[]> documents)
    {
        long length = DOCUMENTS_OFFSET;
        for (final byte[] document : documents)
        {
            length += 4 + document.length;
        }
        return (int)BitUtil.align(length, ALIGNMENT);
    }

    /**
     * Writes a format 2 header at the start of {@code buffer}, which must be zeroed over {@link #length}.
     */
    static void write(
        final MutableDirectBuffer buffer,
        final int schemaId,
        final int schemaVersion,
        final long firstSequence,
        final List<byte[]> documents)
    {
        final int headerLength = length(documents);
        buffer.putLong(MAGIC_OFFSET, MAGIC);
        buffer.putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION);
        buffer.putInt(HEADER_LENGTH_FIELD_OFFSET, headerLength);
        buffer.putInt(SCHEMA_ID_OFFSET, schemaId);
        buffer.putInt(SCHEMA_VERSION_OFFSET, schemaVersion);
        buffer.putLong(FIRST_SEQUENCE_OFFSET, firstSequence);
        buffer.putInt(DOCUMENT_COUNT_OFFSET, documents.size());
        int pos = DOCUMENTS_OFFSET;
        for (final byte[] document : documents)
        {
            buffer.putInt(pos, document.length);
            buffer.putBytes(pos + 4, document);
            pos += 4 + document.length;
        }
        buffer.putInt(HEADER_CRC_OFFSET, crc(buffer, headerLength));
    }

    private static int crc(final DirectBuffer buffer, final int headerLength)
    {
        final byte[] bytes = new byte[headerLength];
        buffer.getBytes(0, bytes);
        bytes[HEADER_CRC_OFFSET] = 0;
        bytes[HEADER_CRC_OFFSET + 1] = 0;
        bytes[HEADER_CRC_OFFSET + 2] = 0;
        bytes[HEADER_CRC_OFFSET + 3] = 0;
        final CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.wrap(bytes));
        return (int)crc.getValue();
    }

    /**
     * Checks the header at the start of {@code buffer} and describes the segment.
     *
     * @param file     the segment's file, for errors.
     * @param buffer   over the segment.
     * @param archived whether the file is a compressed archive copy.
     * @return the segment's description.
     * @throws JournalCorruptedException when the header is not that of a journal segment or fails its CRC.
     */
    static JournalSegment read(final Path file, final DirectBuffer buffer, final boolean archived)
    {
        if (buffer.capacity() < DOCUMENTS_OFFSET || buffer.getLong(MAGIC_OFFSET) != MAGIC)
        {
            throw new JournalCorruptedException(file, MAGIC_OFFSET, "no journal magic: not a Sequent journal segment");
        }
        final int format = buffer.getInt(FORMAT_VERSION_OFFSET);
        final int headerLength = buffer.getInt(HEADER_LENGTH_FIELD_OFFSET);
        final List<byte[]> documents = new ArrayList<>();
        if (format == LEGACY_FORMAT_VERSION)
        {
            if (headerLength != LEGACY_HEADER_LENGTH || buffer.capacity() < LEGACY_HEADER_LENGTH)
            {
                throw new JournalCorruptedException(file, HEADER_LENGTH_FIELD_OFFSET,
                    "format 1 header length " + headerLength + ", expected " + LEGACY_HEADER_LENGTH);
            }
        }
        else if (format == FORMAT_VERSION)
        {
            if (headerLength < DOCUMENTS_OFFSET || headerLength > buffer.capacity() || headerLength % ALIGNMENT != 0)
            {
                throw new JournalCorruptedException(file, HEADER_LENGTH_FIELD_OFFSET,
                    "header length " + headerLength + " is impossible for a segment of " + buffer.capacity() +
                    " bytes");
            }
            if (crc(buffer, headerLength) != buffer.getInt(HEADER_CRC_OFFSET))
            {
                throw new JournalCorruptedException(file, 0, "the segment header fails its CRC");
            }
            final int count = buffer.getInt(DOCUMENT_COUNT_OFFSET);
            int pos = DOCUMENTS_OFFSET;
            for (int i = 0; i < count; i++)
            {
                final int length = buffer.getInt(pos);
                final byte[] document = new byte[length];
                buffer.getBytes(pos + 4, document);
                documents.add(document);
                pos += 4 + length;
            }
        }
        else
        {
            throw new JournalCorruptedException(file, FORMAT_VERSION_OFFSET,
                "format version " + format + ", this code reads " + LEGACY_FORMAT_VERSION + " and " + FORMAT_VERSION +
                ": open it with the release that wrote it");
        }
        return new JournalSegment(file, format, headerLength, buffer.getInt(SCHEMA_ID_OFFSET),
            buffer.getInt(SCHEMA_VERSION_OFFSET), buffer.getLong(FIRST_SEQUENCE_OFFSET), documents, archived);
    }
}
