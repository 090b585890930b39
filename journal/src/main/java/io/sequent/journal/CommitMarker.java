package io.sequent.journal;

import org.agrona.DirectBuffer;

/**
 * Recognises the frame that ends a unit of work written as several frames (for the engine: the record that follows
 * a command's events). Given to {@link JournalWriter.Context#commitMarker}, it lets the writer drop, at open, the
 * frames a crash left after the last marker: an incomplete unit that must not be replayed.
 */
@FunctionalInterface
public interface CommitMarker
{
    /**
     * @param buffer holding the frame's message.
     * @param offset of the message.
     * @param length of the message.
     * @return true when the frame completes a unit.
     */
    boolean isCommit(DirectBuffer buffer, int offset, int length);
}
