package io.sequent.journal;

/**
 * What a {@link JournalWriter} found when it opened its file.
 *
 * @param frames       valid frames found.
 * @param lastSequence sequence of the last valid frame (first sequence - 1 when none).
 * @param endPosition  where the next frame goes.
 * @param tornOffset   where a torn tail started, or -1 when there was none.
 * @param tornBytes    bytes of torn tail zeroed (0 when none).
 */
public record JournalOpenReport(long frames, long lastSequence, long endPosition, long tornOffset, long tornBytes)
{
    @Override
    public String toString()
    {
        return frames + " frames, last sequence " + lastSequence + ", end at byte " + endPosition +
            (tornBytes == 0 ? ", clean tail" :
                ", TORN TAIL of " + tornBytes + " bytes at offset " + tornOffset + " truncated");
    }
}
