package io.sequent.client;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's window of unanswered commands: kept in the order sent, released by answers in any order, full at
 * its capacity, and reused once the oldest are answered.
 */
class InFlightWindowTest
{
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[64]);

    private List<Long> held(final InFlightWindow window)
    {
        final List<Long> ids = new ArrayList<>();
        for (long position = window.first(); position < window.end(); position++)
        {
            if (window.isHeld(position))
            {
                ids.add(window.correlationId(position));
                assertEquals((byte)window.correlationId(position),
                    window.buffer().getByte(window.commandOffset(position)), "the bytes travel with their id");
            }
        }
        return ids;
    }

    private void add(final InFlightWindow window, final long correlationId)
    {
        command.putByte(0, (byte)correlationId);
        window.add(correlationId, command, 0, 10);
    }

    @Test
    void keepsUnansweredCommandsInOrderAndReusesSlotsOnceTheOldestAreAnswered()
    {
        final InFlightWindow window = new InFlightWindow(4, 32);
        for (long id = 100; id < 104; id++)
        {
            add(window, id);
        }
        assertTrue(window.isFull());
        window.release(102);
        assertTrue(window.isFull(), "a slot frees only when every command before it is answered");
        assertEquals(List.of(100L, 101L, 103L), held(window));
        assertTrue(window.contains(103));
        assertFalse(window.contains(102));

        window.release(100);
        assertFalse(window.isFull());
        add(window, 104);
        assertEquals(List.of(101L, 103L, 104L), held(window));
        window.release(999);
        assertEquals(3, window.size(), "an answer to no held command changes nothing");

        window.release(101);
        window.release(103);
        window.release(104);
        assertEquals(List.of(), held(window));
        assertEquals(window.first(), window.end());
        assertTrue(window.fits(32));
        assertFalse(window.fits(33));
    }
}
