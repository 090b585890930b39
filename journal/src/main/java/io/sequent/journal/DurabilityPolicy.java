package io.sequent.journal;

/**
 * When appended frames are forced from the page cache to the device, and so when a command may be acknowledged.
 */
public enum DurabilityPolicy
{
    /** Written to the mapped segment only: survives a crash of the process, not of the machine. */
    NONE,
    /** Forced to the device at every {@link JournalWriter#flush()}, i.e. once per batch (group commit). */
    BATCH,
    /** Forced by a {@link JournalSync} on a thread of its own, at most once every configured interval. */
    INTERVAL;

    /**
     * @param name a policy name, any case ({@code none}, {@code batch}, {@code interval}).
     * @return the policy.
     * @throws IllegalArgumentException naming the choices.
     */
    public static DurabilityPolicy parse(final String name)
    {
        for (final DurabilityPolicy policy : values())
        {
            if (policy.name().equalsIgnoreCase(name.trim()))
            {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown durability policy '" + name + "': use none, batch or interval");
    }
}
