package io.sequent.engine;

import com.lmax.disruptor.Sequence;
import io.sequent.engine.consumer.Projector;

/**
 * How far the engine's threads have got, readable from any thread without touching them: the Disruptor sequences
 * of the rings' consumers and the projector's published event sequence. The gateway copies these into its Aeron
 * counters, so engine threads never touch Aeron.
 */
public final class EnginePositions
{
    private final Sequence commandsSequenced;
    private final Sequence slotsJournaled;
    private final Projector projector;

    EnginePositions(
        final Sequence commandsSequenced,
        final Sequence slotsJournaled,
        final Projector projector)
    {
        this.commandsSequenced = commandsSequenced;
        this.slotsJournaled = slotsJournaled;
        this.projector = projector;
    }

    /**
     * @return commands the sequencer has handled since the engine started: the sequencer's position.
     */
    public long commandsSequenced()
    {
        return commandsSequenced.get() + 1;
    }

    /**
     * @return commands whose events (one event-ring slot each) the journaler has written since the engine started.
     */
    public long commandsJournaled()
    {
        return slotsJournaled.get() + 1;
    }

    /**
     * @return journal sequence of the last event the projector has applied to every projection (batch granularity;
     *         at start, the sequence recovery ended at).
     */
    public long projectedSequence()
    {
        return projector.projectedSequence();
    }
}
