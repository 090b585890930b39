package io.sequent.engine.ledger;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger against a plain model (per client, the last W outcomes in a deque), through growth and eviction, and
 * its snapshot form and hash.
 */
class ClientLedgerTest
{
    private record Entry(long correlationId, long sequence, int reason, long detail)
    {
    }

    @Test
    void findsExactlyTheLastWindowOfEachClientWhateverTheOrderOfCorrelationIds()
    {
        final int window = 100;
        final ClientLedger ledger = new ClientLedger(window);
        final Map<Long, Deque<Entry>> model = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(3);
        for (long sequence = 1; sequence <= 20_000; sequence++)
        {
            final long client = random.nextInt(5);
            // Mostly new ids, in no particular order, some re-used after they left the window.
            final long correlationId = random.nextInt(4) == 0 ? random.nextInt(300) : random.nextLong();
            final Deque<Entry> entries = model.computeIfAbsent(client, c -> new ArrayDeque<>());
            if (ledger.find(client, correlationId))
            {
                final Entry expected = newest(entries, correlationId);
                assertEquals(expected, new Entry(correlationId, ledger.foundSequence(), ledger.foundReason(),
                    ledger.foundDetail()));
                continue;
            }
            assertEquals(null, newest(entries, correlationId), "client " + client + " id " + correlationId);
            final Entry entry = new Entry(correlationId, sequence, random.nextInt(3) * 100, random.nextLong());
            ledger.record(client, correlationId, entry.sequence(), entry.reason(), entry.detail());
            entries.addLast(entry);
            if (entries.size() > window)
            {
                entries.removeFirst();
            }
        }
        long size = 0;
        for (final Deque<Entry> entries : model.values())
        {
            size += entries.size();
            for (final Entry entry : entries)
            {
                assertTrue(ledger.find(model.entrySet().stream().filter(e -> e.getValue() == entries).findFirst()
                    .orElseThrow().getKey(), entry.correlationId()));
            }
        }
        assertEquals(size, ledger.size());
        assertEquals(5, ledger.clientCount());
    }

    private static Entry newest(final Deque<Entry> entries, final long correlationId)
    {
        Entry found = null;
        for (final Entry entry : entries)
        {
            if (entry.correlationId() == correlationId)
            {
                found = entry;
            }
        }
        return found;
    }

    @Test
    void theSnapshotFormReadsBackToAnEqualLedgerAndTheHashFollowsTheContent() throws IOException
    {
        final ClientLedger ledger = new ClientLedger(8);
        assertEquals(0, ledger.hash(), "empty: the domain's hash stays the engine's");
        for (int i = 0; i < 40; i++)
        {
            ledger.record(i % 4, 1000 + i, i + 1, i % 3, -i);
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ledger.writeTo(new DataOutputStream(bytes));
        final ClientLedger copy = new ClientLedger(8);
        copy.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(ledger.hash(), copy.hash());
        assertEquals(ledger.size(), copy.size());
        assertTrue(copy.find(1, 1037));
        assertEquals(38, copy.foundSequence());
        assertEquals(37 % 3, copy.foundReason());
        assertEquals(-37, copy.foundDetail());
        assertTrue(copy.find(1, 1009), "the oldest of client 1's newest 8");
        assertFalse(copy.find(1, 1005), "evicted: client 1 keeps its newest 8 of 10");

        ledger.record(9, 1, 41, 0, 0);
        assertNotEquals(copy.hash(), ledger.hash());
        copy.record(9, 1, 41, 0, 0);
        assertEquals(ledger.hash(), copy.hash(), "equal histories, equal hashes");

        final ClientLedger otherWindow = new ClientLedger(16);
        final IOException refused = assertThrows(IOException.class,
            () -> otherWindow.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        assertTrue(refused.getMessage().contains("sequent.dedup.window"), refused.getMessage());
    }
}
