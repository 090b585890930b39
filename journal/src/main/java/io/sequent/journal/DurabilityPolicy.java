package io.sequent.journal;

/**
 * When appended frames are forced from the page cache to the device.
 */
public enum DurabilityPolicy
{
    /** Written to the mapped file only: survives a crash of the process, not of the machine. */
    NONE,
    /** Forced to the device at every {@link JournalWriter#flush()}, i.e. once per batch (group commit). */
    BATCH
}
