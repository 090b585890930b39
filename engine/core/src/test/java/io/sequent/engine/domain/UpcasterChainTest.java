package io.sequent.engine.domain;

import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.ledger.FrameRouter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain of upcaster steps turns an old event into today's, step after step (v1 to v2 to v3), one event into two
 * where a step splits it; current events and other schemas' pass untouched, without a copy; a step that makes what
 * it reads is a cycle, refused loudly; the router hands command records to the ledger and only events to the chain.
 */
class UpcasterChainTest
{
    private static final int SCHEMA = 77;
    /** v1: (order, whole units). Retired by version 2. */
    private static final int CAPTURED_V1 = 1;
    /** v2: (order, minor units, fee). Retired by version 3. */
    private static final int CAPTURED_V2 = 2;
    /** v3: (order, minor units). */
    private static final int CAPTURED = 3;
    /** v3: (order, fee). */
    private static final int FEE = 4;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final List<String> seen = new ArrayList<>();

    private final UpcasterChain chain = UpcasterChain.forSchema(SCHEMA)
        .step(CAPTURED_V1, 2, (event, offset, length, out) ->
        {
            final int at = out.claim(8 + 24);
            write(out.buffer(), at, CAPTURED_V2, 2, event.getLong(offset + 8), event.getLong(offset + 16) * 100, 0);
        })
        .step(CAPTURED_V2, 3, (event, offset, length, out) ->
        {
            final long order = event.getLong(offset + 8);
            write(out.buffer(), out.claim(8 + 24), CAPTURED, 3, order, event.getLong(offset + 16), 0);
            if (event.getLong(offset + 24) != 0)
            {
                write(out.buffer(), out.claim(8 + 24), FEE, 3, order, event.getLong(offset + 24), 0);
            }
        });

    private static int write(
        final MutableDirectBuffer buffer, final int offset, final int template, final int version,
        final long first, final long second, final long third)
    {
        buffer.putShort(offset, (short)24);
        buffer.putShort(offset + 2, (short)template);
        buffer.putShort(offset + 4, (short)SCHEMA);
        buffer.putShort(offset + 6, (short)version);
        buffer.putLong(offset + 8, first);
        buffer.putLong(offset + 16, second);
        buffer.putLong(offset + 24, third);
        return 8 + 24;
    }

    private void record(final long sequence, final long timestamp, final DirectBuffer event, final int offset,
        final int length)
    {
        seen.add(sequence + " t" + (event.getShort(offset + 2) & 0xFFFF) + " v" + (event.getShort(offset + 6) &
            0xFFFF) + " " + event.getLong(offset + 8) + "," + event.getLong(offset + 16));
    }

    @Test
    void aVersion1EventGoesThroughEveryStepToTodaysForm()
    {
        final int length = write(buffer, 0, CAPTURED_V1, 1, 42, 12, 0);
        assertTrue(chain.isOld(buffer, 0, length));
        chain.upcast(5, 9, buffer, 0, length, this::record);
        assertEquals(List.of("5 t3 v3 42,1200"), seen);
    }

    @Test
    void aVersion2EventWithAFeeBecomesTwoEventsOfTheSameFrame()
    {
        final int length = write(buffer, 0, CAPTURED_V2, 2, 42, 1_250, 30);
        chain.upcast(8, 9, buffer, 0, length, this::record);
        assertEquals(List.of("8 t3 v3 42,1250", "8 t4 v3 42,30"), seen);
    }

    @Test
    void currentEventsAndOtherSchemasPassUntouchedWithoutACopy()
    {
        final int length = write(buffer, 16, CAPTURED, 3, 42, 7, 0);
        final DirectBuffer[] given = new DirectBuffer[1];
        final int[] at = new int[1];
        chain.upcast(1, 1, buffer, 16, length, (sequence, timestamp, event, offset, len) ->
        {
            given[0] = event;
            at[0] = offset;
        });
        assertSame(buffer, given[0]);
        assertEquals(16, at[0]);

        write(buffer, 0, CAPTURED_V1, 1, 42, 12, 0);
        buffer.putShort(4, (short)(SCHEMA + 1));
        assertFalse(chain.isOld(buffer, 0, length));
        EventUpcaster.NONE.upcast(2, 2, buffer, 0, length, this::record);
        chain.upcast(3, 3, buffer, 0, length, this::record);
        assertEquals(List.of("2 t1 v1 42,12", "3 t1 v1 42,12"), seen);
    }

    @Test
    void aStepThatMakesWhatItReadsIsACycleRefusedLoudly()
    {
        final UpcasterChain cycle = UpcasterChain.forSchema(SCHEMA)
            .step(CAPTURED_V1, 2, (event, offset, length, out) ->
                write(out.buffer(), out.claim(32), CAPTURED_V1, 1, 1, 1, 0));
        final int length = write(buffer, 0, CAPTURED_V1, 1, 42, 12, 0);
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> cycle.upcast(4, 4, buffer, 0, length, this::record));
        assertTrue(ex.getMessage().contains("cycle"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cycle.step(CAPTURED_V1, 2, (e, o, l, out) -> { }));
    }

    @Test
    void theRouterGivesRecordsToTheLedgerAndOnlyEventsToTheChain()
    {
        final ClientLedger ledger = new ClientLedger(8);
        final FrameRouter router = new FrameRouter(this::record, ledger, chain);
        final int length = write(buffer, 0, CAPTURED_V1, 1, 42, 12, 0);
        router.onFrame(1, 1, buffer, 0, length);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CommandRecords.MAX_LENGTH]);
        final int recordLength = CommandRecords.LENGTH;
        new CommandRecords().encode(record, 0, 9, 3, 0, 0, 1, record, 0, 0);
        router.onFrame(2, 1, record, 0, recordLength);
        assertEquals(List.of("1 t3 v3 42,1200"), seen);
        assertEquals(2, router.lastRecordSequence());
    }
}
