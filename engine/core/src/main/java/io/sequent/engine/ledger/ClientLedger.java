package io.sequent.engine.ledger;

import io.sequent.engine.domain.StateHasher;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

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

    private final int window;
    private final Long2ObjectHashMap<ClientWindow> clients = new Long2ObjectHashMap<>();
    private long foundSequence;
    private int foundReason;
    private long foundDetail;

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
        return true;
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
        ClientWindow client = clients.get(clientId);
        if (client == null)
        {
            client = new ClientWindow(window);
            clients.put(clientId, client);
        }
        client.add(correlationId, sequence, reason, detail);
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
                record(clientId, correlationId, sequence, reason, detail);
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

        void add(final long correlationId, final long sequence, final int reason, final long detail)
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
            final int oldHead = head;
            allocate(Math.min(window, oldCorrelationIds.length * 2));
            for (int i = 0; i < size; i++)
            {
                final int from = (oldHead + i) % oldCorrelationIds.length;
                correlationIds[i] = oldCorrelationIds[from];
                sequences[i] = oldSequences[from];
                details[i] = oldDetails[from];
                reasons[i] = oldReasons[from];
            }
            head = 0;
        }
    }
}
