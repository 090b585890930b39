package io.sequent.engine.ledger;

import io.sequent.engine.domain.EventAppender;
import io.sequent.engine.domain.StateHasher;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * What the sequencer needs to recognise a re-sent command: per client, the outcomes (correlation id to record
 * sequence, reason, detail) of its last {@code window} commands, the oldest evicted first. Part of the engine's
 * state: built only by recording {@code CommandRecord}s, live in the sequencer, on journal replay and in the
 * snapshotter's copy, and carried in snapshots, so replay and restore give the ledger the live one had.
 * <p>
 * A command is a duplicate only while its (client, correlation id) is in the window; one re-sent after
 * {@code window} newer commands of the same client is applied again, so the window must exceed what a client keeps
 * in flight (and re-sends). Correlation ids need not grow: clients may use any unique ids.
 * <p>
 * Owned by one thread. A new client allocates its window as it fills; after that, nothing is allocated per command.
 */
public final class ClientLedger
{
    /** Outcomes kept per client unless configured ({@code sequent.dedup.window}). */
    public static final int DEFAULT_WINDOW = 4096;
    /** The longest result a domain may give an accepted command. */
    public static final int RESULT_MAX_LENGTH = EventAppender.RESULT_MAX_LENGTH;

    private final int window;
    private final Long2ObjectHashMap<ClientWindow> clients = new Long2ObjectHashMap<>();
    private long foundSequence;
    private int foundReason;
    private long foundDetail;
    private ClientWindow foundWindow;
    private int foundSlot;

    /**
     * @param window outcomes kept per client, at least 1.
     */
    public ClientLedger(final int window)
    {
        if (window < 1)
        {
            throw new IllegalArgumentException("the dedup window must be at least 1 command per client: " + window);
        }
        this.window = window;
    }

    /**
     * Looks a command up; when found, its outcome is in {@link #foundSequence()}, {@link #foundReason()} and
     * {@link #foundDetail()} until the next call.
     *
     * @param clientId      the client.
     * @param correlationId the client's id for the command.
     * @return true when the command's outcome is in the window: it was handled before.
     */
    public boolean find(final long clientId, final long correlationId)
    {
        final ClientWindow client = clients.get(clientId);
        if (client == null)
        {
            return false;
        }
        final int slot = client.slotOf(correlationId);
        if (slot < 0)
        {
            return false;
        }
        foundSequence = client.sequences[slot];
        foundReason = client.reasons[slot];
        foundDetail = client.details[slot];
        foundWindow = client;
        foundSlot = slot;
        return true;
    }

    /**
     * @return length of the result of the command {@link #find} found (0 when it had none).
     */
    public int foundResultLength()
    {
        return foundWindow.resultLengths[foundSlot];
    }

    /**
     * Copies the result of the command {@link #find} found.
     *
     * @param to     where to.
     * @param offset at which offset.
     */
    public void copyFoundResult(final MutableDirectBuffer to, final int offset)
    {
        to.putBytes(offset, foundWindow.results, foundSlot * RESULT_MAX_LENGTH, foundWindow.resultLengths[foundSlot]);
    }

    /**
     * @return record sequence of the command {@link #find} found.
     */
    public long foundSequence()
    {
        return foundSequence;
    }

    /**
     * @return reason of the command {@link #find} found (0: accepted).
     */
    public int foundReason()
    {
        return foundReason;
    }

    /**
     * @return detail of the command {@link #find} found.
     */
    public long foundDetail()
    {
        return foundDetail;
    }

    /**
     * Records one command's outcome, evicting the client's oldest when its window is full.
     *
     * @param clientId      the client.
     * @param correlationId the client's id for the command.
     * @param sequence      journal sequence of the command's record.
     * @param reason        0 when accepted, else the reject reason.
     * @param detail        explains a rejection; else 0.
     */
    public void record(
        final long clientId, final long correlationId, final long sequence, final int reason, final long detail)
    {
        record(clientId, correlationId, sequence, reason, detail, null, 0, 0);
    }

    /**
     * Records one command's outcome with the domain's result, evicting the client's oldest when its window is full.
     *
     * @param clientId      the client.
     * @param correlationId the client's id for the command.
     * @param sequence      journal sequence of the command's record.
     * @param reason        0 when accepted, else the reject reason.
     * @param detail        explains a rejection; else 0.
     * @param result        holding the domain's result, or null when there is none.
     * @param resultOffset  where the result starts.
     * @param resultLength  its length, at most {@link #RESULT_MAX_LENGTH}.
     */
    public void record(
        final long clientId,
        final long correlationId,
        final long sequence,
        final int reason,
        final long detail,
        final DirectBuffer result,
        final int resultOffset,
        final int resultLength)
    {
        if (resultLength < 0 || resultLength > RESULT_MAX_LENGTH)
        {
            throw new IllegalArgumentException("a command's result is at most " + RESULT_MAX_LENGTH + " bytes: " +
                resultLength);
        }
        ClientWindow client = clients.get(clientId);
        if (client == null)
        {
            client = new ClientWindow(window);
            clients.put(clientId, client);
        }
        client.add(correlationId, sequence, reason, detail, result, resultOffset, resultLength);
    }

    /**
     * @return outcomes kept per client.
     */
    public int window()
    {
        return window;
    }

    /**
     * @return clients with at least one outcome.
     */
    public int clientCount()
    {
        return clients.size();
    }

    /**
     * @return outcomes held, over all clients.
     */
    public long size()
    {
        long size = 0;
        for (final ClientWindow client : clients.values())
        {
            size += client.size;
        }
        return size;
    }

    /**
     * A hash of the whole ledger, equal for equal ledgers whatever history led to them: clients by id, each one's
     * outcomes oldest first. An empty ledger hashes to 0, so a journal written before records existed keeps the
     * domain's own hash. Allocates: never on the hot path.
     *
     * @return the hash.
     */
    public long hash()
    {
        if (clients.isEmpty())
        {
            return 0;
        }
        final StateHasher hasher = new StateHasher();
        for (final long clientId : sortedClientIds())
        {
            final ClientWindow client = clients.get(clientId);
            hasher.add(clientId).add(client.size);
            for (int i = 0; i < client.size; i++)
            {
                final int slot = client.slotAt(i);
                hasher.add(client.correlationIds[slot]).add(client.sequences[slot]).add(client.reasons[slot])
                    .add(client.details[slot]);
                // Only when there is one: a ledger of records without results hashes as before results existed.
                for (int b = 0, n = client.resultLengths[slot]; b < n; b++)
                {
                    hasher.add(client.results[slot * RESULT_MAX_LENGTH + b]);
                }
            }
        }
        return hasher.hash();
    }

    /**
     * The engine's state hash: the domain's combined with the ledger's ({@code domainHash} itself when the ledger
     * is empty).
     *
     * @param domainHash the domain's state hash.
     * @return the combined hash.
     */
    public long combinedHash(final long domainHash)
    {
        return domainHash ^ hash();
    }

    /**
     * Writes the ledger in the form {@link #readFrom} reads back into an equal ledger (equal {@link #hash()}).
     *
     * @param out where to.
     * @throws IOException when writing fails.
     */
    public void writeTo(final DataOutput out) throws IOException
    {
        out.writeInt(window);
        out.writeInt(clients.size());
        for (final long clientId : sortedClientIds())
        {
            final ClientWindow client = clients.get(clientId);
            out.writeLong(clientId);
            out.writeInt(client.size);
            for (int i = 0; i < client.size; i++)
            {
                final int slot = client.slotAt(i);
                out.writeLong(client.correlationIds[slot]);
                out.writeLong(client.sequences[slot]);
                out.writeShort(client.reasons[slot]);
                out.writeLong(client.details[slot]);
                out.writeByte(client.resultLengths[slot]);
                out.write(client.results, slot * RESULT_MAX_LENGTH, client.resultLengths[slot]);
            }
        }
    }

    /**
     * Reads a ledger written by {@link #writeTo} into this empty one.
     *
     * @param in where from.
     * @throws IOException when reading fails, the data is not a ledger, or this ledger is not empty.
     */
    public void readFrom(final DataInput in) throws IOException
    {
        readFrom(in, true);
    }

    /**
     * Reads a ledger into this empty one.
     *
     * @param in          where from.
     * @param withResults false for a ledger written before outcomes had results (snapshot format 2).
     * @throws IOException when reading fails, the data is not a ledger, or this ledger is not empty.
     */
    public void readFrom(final DataInput in, final boolean withResults) throws IOException
    {
        final byte[] result = new byte[RESULT_MAX_LENGTH];
        final UnsafeBuffer resultBuffer = new UnsafeBuffer(result);
        if (!clients.isEmpty())
        {
            throw new IOException("a ledger is read into an empty one only");
        }
        final int writtenWindow = in.readInt();
        if (writtenWindow != window)
        {
            // Another window keeps other outcomes: recovering from it would not equal a replay with this one.
            throw new IOException("written with a dedup window of " + writtenWindow + ", this engine keeps " +
                window + " (sequent.dedup.window)");
        }
        final int clientCount = in.readInt();
        if (clientCount < 0)
        {
            throw new IOException("negative client count " + clientCount);
        }
        for (int c = 0; c < clientCount; c++)
        {
            final long clientId = in.readLong();
            final int size = in.readInt();
            if (size < 0 || size > window)
            {
                throw new IOException("client " + clientId + " holds " + size + " outcomes, window " + window);
            }
            for (int i = 0; i < size; i++)
            {
                final long correlationId = in.readLong();
                final long sequence = in.readLong();
                final int reason = in.readShort() & 0xFFFF;
                final long detail = in.readLong();
                final int resultLength = withResults ? in.readUnsignedByte() : 0;
                if (resultLength > RESULT_MAX_LENGTH)
                {
                    throw new IOException("a result of " + resultLength + " bytes, at most " + RESULT_MAX_LENGTH);
                }
                in.readFully(result, 0, resultLength);
                record(clientId, correlationId, sequence, reason, detail, resultBuffer, 0, resultLength);
            }
        }
    }

    private long[] sortedClientIds()
    {
        final long[] ids = new long[clients.size()];
        int i = 0;
        final Long2ObjectHashMap<ClientWindow>.KeyIterator keys = clients.keySet().iterator();
        while (keys.hasNext())
        {
            ids[i++] = keys.nextLong();
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * One client's outcomes: a ring of at most {@code window} entries, oldest at {@code head}, with an index from
     * correlation id to ordinal (how many outcomes the client had before it), which survives the ring growing.
     */
    private static final class ClientWindow
    {
        private static final int INITIAL_CAPACITY = 16;

        private final int window;
        private final Long2LongHashMap ordinals = new Long2LongHashMap(-1);
        private long[] correlationIds;
        private long[] sequences;
        private long[] details;
        private int[] reasons;
        private byte[] results;
        private int[] resultLengths;
        private int head;
        private int size;
        private long added;

        ClientWindow(final int window)
        {
            this.window = window;
            allocate(Math.min(INITIAL_CAPACITY, window));
        }

        private void allocate(final int capacity)
        {
            correlationIds = new long[capacity];
            sequences = new long[capacity];
            details = new long[capacity];
            reasons = new int[capacity];
            results = new byte[capacity * RESULT_MAX_LENGTH];
            resultLengths = new int[capacity];
        }

        int slotAt(final int index)
        {
            return (head + index) % correlationIds.length;
        }

        int slotOf(final long correlationId)
        {
            final long ordinal = ordinals.get(correlationId);
            return ordinal < 0 ? -1 : slotAt((int)(ordinal - (added - size)));
        }

        void add(
            final long correlationId,
            final long sequence,
            final int reason,
            final long detail,
            final DirectBuffer result,
            final int resultOffset,
            final int resultLength)
        {
            if (size == window)
            {
                final int oldest = head;
                final long evicted = correlationIds[oldest];
                // Only when the index still points at this entry: a later one may have taken the same id.
                if (ordinals.get(evicted) == added - size)
                {
                    ordinals.remove(evicted);
                }
                head = (head + 1) % correlationIds.length;
                size--;
            }
            else if (size == correlationIds.length)
            {
                grow();
            }
            final int slot = slotAt(size);
            correlationIds[slot] = correlationId;
            sequences[slot] = sequence;
            reasons[slot] = reason;
            details[slot] = detail;
            resultLengths[slot] = resultLength;
            if (resultLength > 0)
            {
                result.getBytes(resultOffset, results, slot * RESULT_MAX_LENGTH, resultLength);
            }
            ordinals.put(correlationId, added);
            size++;
            added++;
        }

        private void grow()
        {
            final long[] oldCorrelationIds = correlationIds;
            final long[] oldSequences = sequences;
            final long[] oldDetails = details;
            final int[] oldReasons = reasons;
            final byte[] oldResults = results;
            final int[] oldResultLengths = resultLengths;
            final int oldHead = head;
            allocate(Math.min(window, oldCorrelationIds.length * 2));
            for (int i = 0; i < size; i++)
            {
                final int from = (oldHead + i) % oldCorrelationIds.length;
                correlationIds[i] = oldCorrelationIds[from];
                sequences[i] = oldSequences[from];
                details[i] = oldDetails[from];
                reasons[i] = oldReasons[from];
                resultLengths[i] = oldResultLengths[from];
                System.arraycopy(oldResults, from * RESULT_MAX_LENGTH, results, i * RESULT_MAX_LENGTH,
                    RESULT_MAX_LENGTH);
            }
            head = 0;
        }
    }
}
