package io.sequent.engine;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline generous enough for a loaded two-core machine: tests wait for what must
 * happen, never for a time.
 */
public final class Await
{
    /** How long any condition may take before the test fails. */
    public static final long DEADLINE_SECONDS = 60;

    private Await()
    {
    }

    /**
     * @param what      the condition, for the failure message.
     * @param condition checked until it holds; may do work of its own (step an engine).
     * @throws AssertionError when it does not hold within {@link #DEADLINE_SECONDS}.
     */
    public static void until(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out after " + DEADLINE_SECONDS + " s waiting until " + what);
            }
            Thread.yield();
        }
    }
}
