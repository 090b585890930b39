package io.sequent.journal;

import org.agrona.DirectBuffer;

/**
 * Receives journal frames from a {@link JournalReader}.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * @param sequence  of the frame.
     * @param timestamp of the frame, epoch nanoseconds.
     * @param buffer    holding the message.
     * @param offset    of the message in the buffer.
     * @param length    of the message.
     */
    void onFrame(long sequence, long timestamp, DirectBuffer buffer, int offset, int length);
}
