package io.sequent.journal;

/**
 * What a {@link JournalWriter} found when it opened a journal, or what {@link JournalReader#verify()} found.
 *
 * @param segment      the last segment's file name (where a torn tail can be).
 * @param frames       valid frames found.
 * @param lastSequence sequence of the last valid frame (first sequence - 1 when none).
 * @param endPosition  where the next frame goes in the last segment.
 * @param tornOffset   where a torn tail started in the last segment, or -1 when there was none.
 * @param tornBytes    bytes of torn tail (0 when none).
 * @param uncommittedFrames intact frames after the last commit frame (an incomplete command a crash cut short),
 *                     truncated with the tail; 0 when none.
 */
public record JournalOpenReport(
    String segment,
    long frames,
    long lastSequence,
    long endPosition,
    long tornOffset,
    long tornBytes,
    long uncommittedFrames)
{
    @Override
    public String toString()
    {
        return frames + " frames, last sequence " + lastSequence + ", end at byte " + endPosition + " of " + segment +
            (tornBytes == 0 ? ", clean tail" :
                ", TORN TAIL of " + tornBytes + " bytes at offset " + tornOffset + " of " + segment + " truncated") +
            (uncommittedFrames == 0 ? "" :
                ", INCOMPLETE COMMAND of " + uncommittedFrames + " frames after the last commit truncated");
    }
}
