package io.sequent.journal;

/**
 * Whether the journal could last get the room it asked for: the spare segment the preparer makes ahead of each roll,
 * or the segment a roll makes itself. Written by the writer's thread and the preparer's, read from any thread (the
 * engine's sequencer reads it per command: one volatile read).
 */
final class SpaceState
{
    private volatile String fullCause;
    private volatile long fullSpells;

    /**
     * @param cause what failed, for messages.
     */
    void full(final String cause)
    {
        if (fullCause == null)
        {
            fullSpells++;
        }
        fullCause = cause;
    }

    /**
     * A segment or a spare was made: there is room again.
     */
    void room()
    {
        if (fullCause != null)
        {
            fullCause = null;
        }
    }

    /**
     * @return true from a failure to get room until the next success.
     */
    boolean isFull()
    {
        return fullCause != null;
    }

    /**
     * @return what last failed, or null while there is room.
     */
    String cause()
    {
        return fullCause;
    }

    /**
     * @return how many times the journal went from having room to having none.
     */
    long fullSpells()
    {
        return fullSpells;
    }
}
