package io.sequent.journal;

/**
 * What {@link JournalReader#verify()} found in one segment.
 *
 * @param segment      the segment's header.
 * @param frames       valid frames in it.
 * @param lastSequence sequence of its last valid frame (first sequence - 1 when none).
 * @param bytes        bytes up to the end of its last frame.
 * @param tornBytes    bytes of torn tail after its last frame (only the last segment may have some).
 */
public record SegmentReport(JournalSegment segment, long frames, long lastSequence, long bytes, long tornBytes)
{
    @Override
    public String toString()
    {
        return segment.name() + (segment.archived() ? " (archived)" : "") + ": format " + segment.formatVersion() +
            (segment.encrypted() ? " (AES-256-GCM, key id " + segment.keyId() + ")" : "") +
            ", schema " + segment.schemaId() + " v" + segment.schemaVersion() + ", " +
            segment.documents().size() + " schema document(s), sequences " + segment.firstSequence() + ".." +
            lastSequence + ", " + frames + " frames, " + bytes + " bytes" +
            (tornBytes == 0 ? "" : ", TORN TAIL of " + tornBytes + " bytes");
    }
}
