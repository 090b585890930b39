package io.sequent.engine.ledger;

import io.sequent.engine.domain.EventUpcaster;
import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;

/**
 * The one place that tells the engine's journal entries from the domain's: {@code CommandRecord}s go to a
 * {@link ClientLedger} (or nowhere, for readers that keep none, such as projections), every other frame to the
 * domain's handler ({@code Domain.apply}, a projection), through the domain's {@link EventUpcaster} when it reads
 * the journal, so that the handler sees current events only. Every reader of events routes through one.
 */
public final class FrameRouter implements FrameHandler
{
    private final FrameHandler domainEvents;
    private final ClientLedger ledger;
    private final EventUpcaster upcaster;
    private final CommandRecords records = new CommandRecords();
    private long lastRecordSequence;

    /**
     * A router of current events (the event ring's, which the sequencer has just made).
     *
     * @param domainEvents receives the domain's events.
     * @param ledger       receives the command records, or null to skip them.
     */
    public FrameRouter(final FrameHandler domainEvents, final ClientLedger ledger)
    {
        this(domainEvents, ledger, EventUpcaster.NONE);
    }

    /**
     * A router of journal frames, whose events may be older than the code.
     *
     * @param domainEvents receives the domain's events, upcast.
     * @param ledger       receives the command records, or null to skip them.
     * @param upcaster     the domain's upcaster ({@code Domain.upcaster()}), for this reader's thread.
     */
    public FrameRouter(final FrameHandler domainEvents, final ClientLedger ledger, final EventUpcaster upcaster)
    {
        this.domainEvents = domainEvents;
        this.ledger = ledger;
        this.upcaster = upcaster;
    }

    @Override
    public void onFrame(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        if (CommandRecords.isRecord(buffer, offset, length))
        {
            lastRecordSequence = sequence;
            if (ledger != null)
            {
                records.applyTo(sequence, buffer, offset, ledger);
            }
        }
        else
        {
            upcaster.upcast(sequence, timestamp, buffer, offset, length, domainEvents);
        }
    }

    /**
     * @return sequence of the last command record routed, 0 when none.
     */
    public long lastRecordSequence()
    {
        return lastRecordSequence;
    }
}
