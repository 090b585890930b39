package io.sequent.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * What a segment's header says: where its frames start, which SBE schema wrote them (with the schema documents
 * themselves, so its events can be decoded without the code that wrote them) and its first sequence.
 *
 * @param file          the segment's file (a {@code .seg}, a format 1 {@code journal.dat}, or an archived
 *                      {@code .seg.lz4}).
 * @param formatVersion journal format of the segment (1: the single file of old, no documents; 2: a segment; 3: an
 *                      encrypted segment).
 * @param headerLength  bytes before the first frame.
 * @param schemaId      SBE schema id of the events.
 * @param schemaVersion SBE schema version of the events.
 * @param firstSequence sequence of the first frame.
 * @param documents     embedded SBE schema XML documents (none in format 1).
 * @param archived      whether the file is an LZ4-compressed copy in the archive folder.
 * @param keyId         the id of the key an encrypted segment (format 3) was written with; 0 when in plain.
 */
public record JournalSegment(
    Path file,
    int formatVersion,
    int headerLength,
    int schemaId,
    int schemaVersion,
    long firstSequence,
    List<byte[]> documents,
    boolean archived,
    int keyId)
{
    /**
     * @return whether the segment is encrypted.
     */
    public boolean encrypted()
    {
        return formatVersion == JournalFrame.ENCRYPTED_FORMAT_VERSION;
    }

    /**
     * @return the file name, for reports.
     */
    public String name()
    {
        return file.getFileName().toString();
    }
}
