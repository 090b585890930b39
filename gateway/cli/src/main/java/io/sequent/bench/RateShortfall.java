package io.sequent.bench;

/**
 * Tells when a fixed-rate load did not reach the rate it was asked for: its latency figures are still corrected for
 * coordinated omission, but they describe a lighter load than the one named, which a reader must be told.
 */
public final class RateShortfall
{
    /** Below this share of the target rate a run is reported as short. */
    public static final double TOLERANCE = 0.95;

    private RateShortfall()
    {
    }

    /**
     * @param what           the load, e.g. "engine".
     * @param targetPerSecond the rate asked for.
     * @param achievedPerSecond the rate measured.
     * @return a warning line, or null when the load kept its rate.
     */
    public static String warning(final String what, final double targetPerSecond, final double achievedPerSecond)
    {
        if (targetPerSecond <= 0 || achievedPerSecond >= targetPerSecond * TOLERANCE)
        {
            return null;
        }
        return String.format("WARNING: the %s load reached %,.0f/s of the %,.0f/s asked (%.0f%%): the load " +
            "generator or the server could not keep up, so these figures are for a lighter load; lower --rate or " +
            "give the run more cores", what, achievedPerSecond, targetPerSecond,
            100 * achievedPerSecond / targetPerSecond);
    }
}
