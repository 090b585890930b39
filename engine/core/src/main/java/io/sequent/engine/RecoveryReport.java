package io.sequent.engine;

/**
 * What the engine found and did at start, before it accepted any command.
 *
 * @param snapshot         the snapshot recovery started from, or "none".
 * @param journal          what the journal's open scan reported (frames, end, torn tail truncated).
 * @param eventsReplayed   journal entries applied to rebuild the state: domain events and command records.
 * @param replayNanos      time the replay took.
 * @param lastSequence     the last journal sequence after recovery.
 * @param stateHash        hash of the recovered state.
 */
public record RecoveryReport(
    String snapshot, String journal, long eventsReplayed, long replayNanos, long lastSequence, long stateHash)
{
    /**
     * @return replay rate in events per second (0 when nothing was replayed).
     */
    public long eventsPerSecond()
    {
        return replayNanos == 0 ? 0 : (long)(eventsReplayed * 1e9 / replayNanos);
    }

    @Override
    public String toString()
    {
        return String.format(
            "snapshot %s, then replayed %,d events in %.1f ms (%,d events/s), last sequence %d, state hash %016x; " +
            "journal: %s", snapshot, eventsReplayed, replayNanos / 1e6, eventsPerSecond(), lastSequence, stateHash,
            journal);
    }
}
