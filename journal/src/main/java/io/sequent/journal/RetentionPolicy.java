package io.sequent.journal;

/**
 * What becomes of sealed segments whose frames are all covered by the newest snapshot.
 */
public enum RetentionPolicy
{
    /** Kept where they are. */
    KEEP,
    /** Compressed with LZ4 into the archive folder; readers still read them. */
    ARCHIVE,
    /** Deleted, from the directory and the archive: replay then starts from a snapshot at or after them. */
    DELETE;

    /**
     * @param name a policy name, any case ({@code keep}, {@code archive}, {@code delete}).
     * @return the policy.
     * @throws IllegalArgumentException naming the choices.
     */
    public static RetentionPolicy parse(final String name)
    {
        for (final RetentionPolicy policy : values())
        {
            if (policy.name().equalsIgnoreCase(name.trim()))
            {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown journal retention '" + name + "': use keep, archive or delete");
    }
}
