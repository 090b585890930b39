package io.sequent.engine;

/**
 * How the engine's stages (the sequencer, the journaler, the read side, and a {@link CommandSource} when one is
 * given) are laid out on threads, as Aeron's {@code ThreadingMode} lays out a media driver's agents. The engine's
 * I/O agent (segment preparation, snapshot files, interval syncs) always has a thread of its own, mostly asleep,
 * except in {@link #INVOKER} mode.
 */
public enum ThreadingMode
{
    /** A thread per stage, each with its own idle strategy: for machines with a core per busy thread. */
    DEDICATED,
    /** Every stage on one thread, in one duty cycle: no hand-off wake-ups, for small machines. */
    SHARED,
    /** No thread at all: the caller steps every stage through {@link Engine#invoker()} (tests, the cluster service). */
    INVOKER;

    /**
     * @param processors available processors.
     * @return the mode that fits a machine: {@link #SHARED} up to 2 processors, else {@link #DEDICATED}.
     */
    public static ThreadingMode forProcessors(final int processors)
    {
        return processors <= 2 ? SHARED : DEDICATED;
    }
}
