package io.sequent.engine.sequencer;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.sequent.codecs.RejectReason;
import io.sequent.engine.CommandSink;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.ring.CommandSlot;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.ring.EventSlotFullException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * THE single writer. Takes commands off the command ring: stamps each with a time and the journal sequences of its
 * events, lets the domain handle it, applies the events it emitted, appends the command's record (its outcome, the
 * commit marker in the journal) and publishes the outcome on the event ring in batches.
 * <p>
 * Every command ends in one event-ring slot that holds its outcome, accepted or not, so responses leave in command
 * order; a command whose events outgrow a slot continues over the slots before that one. A command whose (client id,
 * correlation id) the {@link ClientLedger} holds was handled before: its slot answers with the first outcome, marked
 * duplicate, and holds nothing to journal. A rejected command emits nothing and changes nothing, whatever the domain
 * did before it rejected. Slots are published only at command boundaries, so every consumer sees whole commands.
 * <p>
 * The journal's room ({@link #journalRoom}): the sequencer counts the bytes of journal frames its commands make, and
 * takes a command only while the journal has room for the largest one-slot command besides everything not yet
 * journaled, so the commands in flight always fit where the journal can put them. Without room it waits while the
 * journal's next segment is being made, and while the journal's device is full it refuses
 * every new command {@code STORAGE_FULL}: like a duplicate's, its slot holds nothing to journal, and the ledger does
 * not remember it, so a re-send once there is room is handled afresh.
 * <p>
 * As an {@link Agent} it polls the command ring and takes a command only while the event ring has room for the
 * largest one, so it never waits inside a duty cycle and can share a thread with the stages behind it.
 *
 * @param <S> the domain's state, owned by this thread while the engine runs.
 */
public final class Sequencer<S> implements Agent, EventPoller.Handler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);
    private static final int HEADER_LENGTH = 8;

    private final Domain<S> domain;
    private final S state;
    private final RingBuffer<EventSlot> eventRing;
    private final EventPoller<CommandSlot> commands;
    private final EpochNanoClock clock;
    private final int publishBatchLimit;
    private final int maxSlots;
    private final ClientLedger ledger;
    private final SlotEventAppender appender;
    private final CommandRecords records = new CommandRecords();
    private long nextSequence;
    private long firstUnpublished = -1;
    private long lastClaimed = -1;
    private long domainErrors;
    private long commandBound;
    private BooleanSupplier storageFull = () -> false;
    private Sequence journalRoom;
    private long producedBytes;
    private boolean refusing;
    private volatile long storageRefusals;
    private int polled;

    /**
     * @param domain            the rules.
     * @param state             the state, recovered; from now on owned by the sequencer thread.
     * @param ledger            the commands' outcomes per client, recovered with the state; owned by this thread.
     * @param eventRing         where outcomes go; this sequencer is its only producer.
     * @param commands          poller of the command ring, or null when commands are handed to {@link #sequence}.
     * @param clock             stamps commands whose source gave no time.
     * @param lastSequence      the last journal sequence already used (0 on an empty journal).
     * @param publishBatchLimit publish after at most this many claimed slots, even mid-batch, so a long batch
     *                          can never claim the whole event ring before publishing it.
     * @param maxSlots          event slots one command's events may take at most; the ring must hold several times
     *                          as many.
     * @param slotCapacity      bytes of events one event slot holds.
     */
    public Sequencer(
        final Domain<S> domain,
        final S state,
        final ClientLedger ledger,
        final RingBuffer<EventSlot> eventRing,
        final EventPoller<CommandSlot> commands,
        final EpochNanoClock clock,
        final long lastSequence,
        final int publishBatchLimit,
        final int maxSlots,
        final int slotCapacity)
    {
        this.domain = domain;
        this.state = state;
        this.ledger = ledger;
        this.eventRing = eventRing;
        this.commands = commands;
        this.clock = clock;
        this.nextSequence = lastSequence + 1;
        this.publishBatchLimit = publishBatchLimit;
        this.maxSlots = maxSlots;
        this.appender = new SlotEventAppender(eventRing, maxSlots, slotCapacity);
        // A slot's entries as frames: each entry's 8-byte header becomes a 24-byte frame header, and an entry takes
        // at least 8 bytes, so frames take at most three times the slot; plus one largest frame that may not fit
        // at the end of a segment and leave the rest of it unused.
        final long slotBytes = slotCapacity + EventSlot.TAIL_RESERVE;
        this.commandBound = 3 * slotBytes + 24 + slotBytes;
    }

    @Override
    public String roleName()
    {
        return "sequent-sequencer";
    }

    @Override
    public int doWork() throws Exception
    {
        if (!eventRing.hasAvailableCapacity(maxSlots) || !canTake())
        {
            return 0;
        }
        polled = 0;
        commands.poll(this);
        publish();
        return polled;
    }

    @Override
    public boolean onEvent(final CommandSlot command, final long ringSequence, final boolean endOfBatch)
    {
        sequence(command);
        polled++;
        // Take the next command only with room for the largest one, and publish long batches as they go.
        return lastClaimed - firstUnpublished + 1 < publishBatchLimit && eventRing.hasAvailableCapacity(maxSlots) &&
            canTake();
    }

    private boolean hasJournalRoom()
    {
        return journalRoom == null || producedBytes + commandBound <= journalRoom.get();
    }

    /**
     * @return false while the journal has no room yet for another command but is making it (the next segment is
     *         being prepared): the command waits in the ring. With the device full, commands are taken and refused.
     */
    private boolean canTake()
    {
        return hasJournalRoom() || storageFull.getAsBoolean();
    }

    /**
     * Handles one command into claimed event slots, left unpublished until {@link #publish()}. The event ring must
     * have room for {@code maxSlots} slots.
     *
     * @param command the command and who sent it.
     */
    public void sequence(final CommandSlot command)
    {
        final long first = eventRing.next();
        final EventSlot out = eventRing.get(first);
        final long clientId = command.clientId();
        final long correlationId = command.correlationId();
        final long timestamp = command.timestamp() == CommandSink.SEQUENCER_TIME ? clock.nanoTime() :
            command.timestamp();
        out.reset(command.sessionId(), clientId, correlationId, timestamp, nextSequence);
        appender.begin(first, out);
        if (ledger.find(clientId, correlationId))
        {
            out.answerDuplicate(ledger.foundReason(), ledger.foundDetail(), ledger.foundSequence());
            // A duplicate holds no entries: its slot's buffer carries the first outcome's result for the responder.
            ledger.copyFoundResult(out.buffer(), 0);
            out.result(0, ledger.foundResultLength());
        }
        else if (!hasJournalRoom())
        {
            refuse(out);
        }
        else
        {
            if (refusing)
            {
                refusing = false;
                LOG.info("journal storage has room again: taking commands (refused {} for STORAGE_FULL so far)",
                    storageRefusals);
            }
            commit(clientId, correlationId, process(command.buffer(), command.length(), out));
        }
        if (firstUnpublished < 0)
        {
            firstUnpublished = first;
        }
        lastClaimed = appender.lastSlotSequence();
    }

    private void refuse(final EventSlot out)
    {
        // Nothing journaled, nothing remembered: the client sends it again once the journal has room.
        out.reject(RejectReason.STORAGE_FULL);
        storageRefusals++;
        if (!refusing)
        {
            refusing = true;
            LOG.warn("journal storage is full: refusing commands with STORAGE_FULL until there is room again");
        }
    }

    /**
     * Takes commands only while the journal has room for them. Call before the sequencer runs.
     *
     * @param room        the journal's room as a position in bytes: the bytes of frames journaled since the
     *                    engine started plus the journal's {@link io.sequent.journal.JournalWriter#room()}, published
     *                    by the journaler (and set before start); the sequencer counts the same bytes for the
     *                    frames its commands make.
     * @param frameArea   bytes one journal segment holds for frames: the room asked for is at most that, so a
     *                    journal of small segments still takes commands once its next segment is ready.
     * @param storageFull true while the journal's device is full (the engine passes its journal's
     *                    {@link io.sequent.journal.JournalWriter#isStorageFull()}): then a command without room is
     *                    refused {@code STORAGE_FULL} instead of waiting.
     * @return this.
     */
    public Sequencer<S> journalRoom(final Sequence room, final long frameArea, final BooleanSupplier storageFull)
    {
        this.journalRoom = room;
        this.commandBound = Math.min(commandBound, frameArea);
        this.storageFull = storageFull;
        return this;
    }

    /**
     * @return commands refused {@code STORAGE_FULL} so far; safe to read from any thread.
     */
    public long storageRefusals()
    {
        return storageRefusals;
    }

    /**
     * Publishes the slots claimed since the last publish: whole commands only.
     */
    public void publish()
    {
        if (firstUnpublished >= 0)
        {
            eventRing.publish(firstUnpublished, lastClaimed);
            firstUnpublished = -1;
        }
    }

    /**
     * @return the slot that holds the command's outcome: its last.
     */
    private EventSlot process(final DirectBuffer buffer, final int length, final EventSlot first)
    {
        final int headerReason = checkHeader(buffer, length);
        if (headerReason != RejectReason.NONE)
        {
            first.reject(headerReason);
            return first;
        }

        try
        {
            domain.handle(buffer, 0, length, state, appender);
        }
        catch (final EventSlotFullException ex)
        {
            logDomainError(ex);
            return rejectAll(RejectReason.EVENT_CAPACITY_EXCEEDED, 0);
        }
        catch (final RuntimeException ex)
        {
            logDomainError(ex);
            return rejectAll(RejectReason.DOMAIN_ERROR, 0);
        }
        if (appender.isRejected())
        {
            return rejectAll(appender.reason(), appender.detail());
        }

        // Apply failing here would leave the state half-changed: the exception propagates and stops the engine.
        for (long s = appender.firstSlotSequence(), last = appender.lastSlotSequence(); s <= last; s++)
        {
            final EventSlot slot = eventRing.get(s);
            final DirectBuffer events = slot.buffer();
            for (int i = 0, offset = slot.firstEventOffset(); i < slot.eventCount(); i++)
            {
                domain.apply(events, offset, slot.eventLength(offset), state);
                offset = slot.nextEventOffset(offset);
            }
        }
        return appender.slot();
    }

    /**
     * Drops every event the command emitted, in every slot it took: the earlier slots stay empty (nothing to
     * journal, no outcome) and the last one answers with the rejection.
     */
    private EventSlot rejectAll(final int reason, final long detail)
    {
        final EventSlot last = appender.slot();
        for (long s = appender.firstSlotSequence(), end = appender.lastSlotSequence(); s < end; s++)
        {
            eventRing.get(s).clear();
        }
        last.reset(last.sessionId(), last.clientId(), last.correlationId(), last.timestamp(), nextSequence);
        last.reject(reason, detail);
        return last;
    }

    private void commit(final long clientId, final long correlationId, final EventSlot out)
    {
        // The command's events took consecutive sequences from nextSequence up to the end of its last slot.
        final int events = (int)(out.firstSequence() + out.eventCount() - nextSequence);
        final int resultLength = out.isRejected() ? 0 : appender.resultLength();
        final int offset = out.claimTail(CommandRecords.LENGTH + resultLength);
        final int resultAt = records.encode(out.buffer(), offset, clientId, correlationId, out.reason(),
            out.detail(), events, appender.result(), 0, resultLength);
        out.result(resultAt, resultLength);
        ledger.record(clientId, correlationId, out.lastSequence(), out.reason(), out.detail(), appender.result(), 0,
            resultLength);
        nextSequence = out.lastSequence() + 1;
        for (long s = appender.firstSlotSequence(), last = appender.lastSlotSequence(); s <= last; s++)
        {
            // As the journal counts them: each entry's 8-byte header becomes a 24-byte frame header.
            final EventSlot slot = eventRing.get(s);
            producedBytes += slot.length() + 16L * slot.eventCount();
        }
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
     * @return commands rejected because the domain threw or claimed past its room.
     */
    public long domainErrors()
    {
        return domainErrors;
    }
}
