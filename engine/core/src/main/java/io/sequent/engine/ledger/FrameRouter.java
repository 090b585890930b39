package io.sequent.engine.ledger;

import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;

/**
 * The one place that tells the engine's journal entries from the domain's: {@code CommandRecord}s go to a
 * {@link ClientLedger} (or nowhere, for readers that keep none, such as projections), every other frame to the
 * domain's handler ({@code Domain.apply}, a projection). Every reader of events routes through one.
 */
public final class FrameRouter implements FrameHandler
{
    private final FrameHandler domainEvents;
    private final ClientLedger ledger;
    private final CommandRecords records = new CommandRecords();
    private long lastRecordSequence;

    /**
     * @param domainEvents receives the domain's events.
     * @param ledger       receives the command records, or null to skip them.
     */
    public FrameRouter(final FrameHandler domainEvents, final ClientLedger ledger)
    {
        this.domainEvents = domainEvents;
        this.ledger = ledger;
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
            domainEvents.onFrame(sequence, timestamp, buffer, offset, length);
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
