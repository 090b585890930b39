package io.sequent.engine.ring;

/**
 * Thrown when one command's events do not fit in an event slot; the sequencer rejects that command.
 */
public final class EventSlotFullException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what did not fit.
     */
    public EventSlotFullException(final String message)
    {
        super(message);
    }
}
