package io.sequent.journal;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Applies a {@link DurabilityPolicy} on the writer's thread: {@code batch} forces what each flush covers;
 * {@code batch} and {@code interval} force a segment whole before the writer rolls past it (so a {@link JournalSync}
 * that forces only the newest segment covers everything written before it); every policy forces at close.
 * <p>
 * A failed force is final: the writer throws, naming the segment and the last sequence written, and refuses every
 * later append and flush. After a failed fsync the kernel may have dropped the dirty pages, so a later force that
 * succeeds would prove nothing; reopening the journal (which rescans the tail) is the way on.
 */
final class JournalDurability
{
    private final DurabilityPolicy policy;
    private final FrameWriter frames;
    private MappedSegment segment;
    private int flushedPosition;
    private UncheckedIOException failure;
    private boolean closed;

    /**
     * @param policy the policy to apply.
     * @param frames stopped when a force fails or the writer closes, so appends come to {@link #checkUsable()}.
     */
    JournalDurability(final DurabilityPolicy policy, final FrameWriter frames)
    {
        this.policy = policy;
        this.frames = frames;
    }

    /**
     * Goes on in another segment, whose frames before {@code position} are as durable as the policy asks.
     *
     * @param segment  the segment appended to from now on.
     * @param position where its next frame goes.
     */
    void attach(final MappedSegment segment, final int position)
    {
        this.segment = segment;
        this.flushedPosition = position;
    }

    /**
     * @return false after a failed force or the close.
     */
    boolean usable()
    {
        return failure == null && !closed;
    }

    /**
     * @throws IllegalStateException after a failed force or the close.
     */
    void checkUsable()
    {
        if (failure != null || closed)
        {
            throw refusal();
        }
    }

    private IllegalStateException refusal()
    {
        return closed ? new IllegalStateException("the journal writer is closed") : new IllegalStateException(
            "journal writer stopped after a failed force (" + failure.getMessage() + "): reopen the journal", failure);
    }

    /**
     * The end of a batch: with {@code batch}, forces the frames since the last flush.
     *
     * @param position     after the last frame written.
     * @param lastSequence of the last frame written, for messages.
     * @throws UncheckedIOException  when the force failed: the batch is not durable.
     * @throws IllegalStateException after an earlier failed force.
     */
    void flush(final int position, final long lastSequence)
    {
        checkUsable();
        if (policy == DurabilityPolicy.BATCH && position > flushedPosition)
        {
            force(flushedPosition, position - flushedPosition, lastSequence);
        }
        flushedPosition = position;
    }

    /**
     * Before a roll: keeps whatever the policy promised for the segment before it is released.
     *
     * @param position     after the last frame written.
     * @param lastSequence of the last frame written, for messages.
     */
    void seal(final int position, final long lastSequence)
    {
        flush(position, lastSequence);
        if (policy != DurabilityPolicy.NONE)
        {
            force(0, segment.capacity(), lastSequence);
        }
    }

    /**
     * At close, under every policy: forces the current segment, unless a force failed before; refuses everything
     * after.
     *
     * @param lastSequence of the last frame written, for messages.
     * @return whether it forced.
     */
    boolean close(final long lastSequence)
    {
        if (closed)
        {
            return false;
        }
        closed = true;
        frames.stop();
        if (failure != null)
        {
            return false;
        }
        force(0, segment.capacity(), lastSequence);
        return true;
    }

    private void force(final int offset, final int length, final long lastSequence)
    {
        try
        {
            segment.force(offset, length);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            final IOException cause = ex instanceof UncheckedIOException unchecked ? unchecked.getCause() :
                (IOException)ex;
            failure = new UncheckedIOException("cannot force journal segment " + segment.path() + " to the device " +
                "(bytes " + offset + ".." + (offset + length) + "): frames up to sequence " + lastSequence +
                " may not be durable, and the writer accepts nothing more: " + cause.getMessage(), cause);
            frames.stop();
            throw failure;
        }
    }
}
