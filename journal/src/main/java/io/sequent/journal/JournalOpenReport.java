package io.sequent.journal;

/**
 * What a {@link JournalWriter} found when it opened its file.
 *
 * @param frames       valid frames found.
 * @param lastSequence sequence of the last valid frame (first sequence - 1 when none).
 * @param endPosition  where the next frame goes.
 * @param tornOffset   where a torn tail started, or -1 when there was none.
 * @param tornBytes    bytes of torn tail zeroed (0 when none).
 * @param uncommittedFrames intact frames after the last commit frame (an incomplete unit of work left by a crash),
 *                     truncated with the tail; 0 when none.
 */
public record JournalOpenReport(
    long frames, long lastSequence, long endPosition, long tornOffset, long tornBytes, long uncommittedFrames)
{
    /**
     * A report with no uncommitted frames.
     *
     * @param frames       valid frames found.
     * @param lastSequence sequence of the last valid frame (first sequence - 1 when none).
     * @param endPosition  where the next frame goes.
     * @param tornOffset   where a torn tail started, or -1 when there was none.
     * @param tornBytes    bytes of torn tail zeroed (0 when none).
     */
    public JournalOpenReport(
        final long frames,
        final long lastSequence,
        final long endPosition,
        final long tornOffset,
        final long tornBytes)
    {
        this(frames, lastSequence, endPosition, tornOffset, tornBytes, 0);
    }

    @Override
    public String toString()
    {
        return frames + " frames, last sequence " + lastSequence + ", end at byte " + endPosition +
            (tornBytes == 0 ? ", clean tail" :
                ", TORN TAIL of " + tornBytes + " bytes at offset " + tornOffset + " truncated") +
            (uncommittedFrames == 0 ? "" :
                ", INCOMPLETE COMMAND of " + uncommittedFrames + " frames after the last commit truncated");
    }
}
