package io.sequent.engine.sequencer;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.sequent.engine.domain.Domain;
import io.sequent.codecs.RejectReason;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.ring.CommandSlot;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.ring.EventSlotFullException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * THE single writer. Consumes the command ring on one thread: stamps each command with a time and the journal
 * sequences of its events, lets the domain handle it, applies the events it emitted, appends the command's record
 * (its outcome, the commit marker in the journal) and publishes the outcome on the event ring in batches.
 * <p>
 * Every command takes exactly one event-ring slot, accepted or not, so responses leave in command order. A command
 * whose (client id, correlation id) the {@link ClientLedger} holds was handled before: its slot answers with the
 * first outcome, marked duplicate, and holds nothing to journal.
 *
 * @param <S> the domain's state, owned by this thread while the engine runs.
 */
public final class Sequencer<S> implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);
    private static final int HEADER_LENGTH = 8;

    private final Domain<S> domain;
    private final S state;
    private final RingBuffer<EventSlot> eventRing;
    private final EpochNanoClock clock;
    private final int publishBatchLimit;
    private final ClientLedger ledger;
    private final SlotEventAppender appender = new SlotEventAppender();
    private final CommandRecords records = new CommandRecords();
    private long nextSequence;
    private long firstUnpublished = -1;
    private long lastClaimed = -1;
    private long domainErrors;

    /**
     * A sequencer with an empty ledger of the default window (benchmarks, tools).
     *
     * @param domain            the rules.
     * @param state             the state, recovered; from now on owned by the sequencer thread.
     * @param eventRing         where outcomes go; this sequencer is its only producer.
     * @param clock             source of command timestamps.
     * @param lastSequence      the last journal sequence already used (0 on an empty journal).
     * @param publishBatchLimit publish after at most this many claimed slots.
     */
    public Sequencer(
        final Domain<S> domain,
        final S state,
        final RingBuffer<EventSlot> eventRing,
        final EpochNanoClock clock,
        final long lastSequence,
        final int publishBatchLimit)
    {
        this(domain, state, new ClientLedger(ClientLedger.DEFAULT_WINDOW), eventRing, clock, lastSequence,
            publishBatchLimit);
    }

    /**
     * @param domain            the rules.
     * @param state             the state, recovered; from now on owned by the sequencer thread.
     * @param ledger            the commands' outcomes per client, recovered with the state; owned by this thread.
     * @param eventRing         where outcomes go; this sequencer is its only producer.
     * @param clock             source of command timestamps.
     * @param lastSequence      the last journal sequence already used (0 on an empty journal).
     * @param publishBatchLimit publish after at most this many claimed slots, even mid-batch, so a long batch
     *                          can never claim the whole event ring before publishing it.
     */
    public Sequencer(
        final Domain<S> domain,
        final S state,
        final ClientLedger ledger,
        final RingBuffer<EventSlot> eventRing,
        final EpochNanoClock clock,
        final long lastSequence,
        final int publishBatchLimit)
    {
        this.domain = domain;
        this.state = state;
        this.ledger = ledger;
        this.eventRing = eventRing;
        this.clock = clock;
        this.nextSequence = lastSequence + 1;
        this.publishBatchLimit = publishBatchLimit;
    }

    @Override
    public void onEvent(final CommandSlot command, final long ringSequence, final boolean endOfBatch)
    {
        final long slotSequence = eventRing.next();
        if (firstUnpublished < 0)
        {
            firstUnpublished = slotSequence;
        }
        lastClaimed = slotSequence;

        final EventSlot out = eventRing.get(slotSequence);
        final long clientId = command.clientId();
        final long correlationId = command.correlationId();
        out.reset(command.sessionId(), clientId, correlationId, clock.nanoTime(), nextSequence);
        if (ledger.find(clientId, correlationId))
        {
            out.answerDuplicate(ledger.foundReason(), ledger.foundDetail(), ledger.foundSequence());
        }
        else
        {
            process(command.buffer(), command.length(), out);
            commit(clientId, correlationId, out);
        }

        if (endOfBatch || lastClaimed - firstUnpublished + 1 >= publishBatchLimit)
        {
            eventRing.publish(firstUnpublished, lastClaimed);
            firstUnpublished = -1;
        }
    }

    private void process(final DirectBuffer buffer, final int length, final EventSlot out)
    {
        final int reason = checkHeader(buffer, length);
        if (reason != RejectReason.NONE)
        {
            out.reject(reason);
            return;
        }

        appender.wrap(out);
        try
        {
            domain.handle(buffer, 0, length, state, appender);
        }
        catch (final EventSlotFullException ex)
        {
            out.reject(RejectReason.EVENT_CAPACITY_EXCEEDED);
            logDomainError(ex);
            return;
        }
        catch (final RuntimeException ex)
        {
            out.reject(RejectReason.DOMAIN_ERROR);
            logDomainError(ex);
            return;
        }

        if (out.isRejected())
        {
            return;
        }

        // Apply failing here would leave the state half-changed: the exception propagates and stops the engine.
        final DirectBuffer events = out.buffer();
        for (int i = 0, offset = out.firstEventOffset(); i < out.eventCount(); i++)
        {
            domain.apply(events, offset, out.eventLength(offset), state);
            offset = out.nextEventOffset(offset);
        }
    }

    private void commit(final long clientId, final long correlationId, final EventSlot out)
    {
        final int events = out.eventCount();
        final int offset = out.claimTail(CommandRecords.LENGTH);
        records.encode(out.buffer(), offset, clientId, correlationId, out.reason(), out.detail(), events);
        ledger.record(clientId, correlationId, out.lastSequence(), out.reason(), out.detail());
        nextSequence += out.eventCount();
    }

    private int checkHeader(final DirectBuffer buffer, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return RejectReason.MALFORMED_COMMAND;
        }
        final int blockLength = buffer.getShort(0) & 0xFFFF;
        final int schemaId = buffer.getShort(4) & 0xFFFF;
        final int version = buffer.getShort(6) & 0xFFFF;
        if (schemaId != domain.commandSchemaId())
        {
            return RejectReason.WRONG_SCHEMA;
        }
        if (version > domain.commandSchemaVersion())
        {
            return RejectReason.UNSUPPORTED_VERSION;
        }
        if (HEADER_LENGTH + blockLength > length)
        {
            return RejectReason.MALFORMED_COMMAND;
        }
        return RejectReason.NONE;
    }

    private void logDomainError(final RuntimeException ex)
    {
        // Count every one, log the first few: a faulty domain must not flood the log at line rate.
        if (++domainErrors <= 10)
        {
            LOG.warn("domain failed to handle a command; rejected it (error {} so far)", domainErrors, ex);
        }
    }

    /**
     * @return the next journal sequence the sequencer will assign.
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * @return commands rejected because the domain threw.
     */
    public long domainErrors()
    {
        return domainErrors;
    }
}
