package io.sequent.engine.consumer;

import com.lmax.disruptor.Sequence;
import io.sequent.journal.JournalSync;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * The {@code interval} durability policy: on a thread of its own, forces what the journaler has written at most
 * once per interval, then advances the durable position the responder is gated on. The journaler never waits for
 * the device. Allocation-free in the steady state.
 */
public final class JournalSyncAgent implements Agent
{
    private final JournalSync sync;
    private final Sequence journaled;
    private final Sequence durable;
    private final long intervalNs;
    private final NanoClock clock;
    private long nextSyncNs;
    private long forces;

    /**
     * @param sync       forces the journal's newest segment; owned by this agent from now on.
     * @param journaled  the journaler's ring position: every event at or below it is written.
     * @param durable    advanced to what was journaled before each force, once the force returned.
     * @param intervalNs least time between two forces.
     * @param clock      time source.
     */
    public JournalSyncAgent(
        final JournalSync sync,
        final Sequence journaled,
        final Sequence durable,
        final long intervalNs,
        final NanoClock clock)
    {
        this.sync = sync;
        this.journaled = journaled;
        this.durable = durable;
        this.intervalNs = intervalNs;
        this.clock = clock;
    }

    @Override
    public int doWork()
    {
        final long now = clock.nanoTime();
        if (now - nextSyncNs < 0)
        {
            return 0;
        }
        // Read before the force: everything up to here is in the page cache, so the force covers it.
        final long written = journaled.get();
        if (written <= durable.get())
        {
            return 0;
        }
        sync.force();
        durable.set(written);
        forces++;
        nextSyncNs = now + intervalNs;
        return 1;
    }

    @Override
    public void onClose()
    {
        sync.close();
    }

    /**
     * @return forces done so far; read on the agent's thread or after it stopped.
     */
    public long forces()
    {
        return forces;
    }

    @Override
    public String roleName()
    {
        return "sequent-journal-sync";
    }
}
