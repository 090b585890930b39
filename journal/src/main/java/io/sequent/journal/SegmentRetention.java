package io.sequent.journal;

import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies a {@link RetentionPolicy} to a journal directory: sealed segments whose frames all lie at or below a
 * sequence (the newest snapshot's, and for deletion also what every projection has applied) are archived or
 * deleted. The newest segment, the one being written, is never touched. Runs off the sequencer and journaler
 * threads; owned by one thread.
 */
public final class SegmentRetention
{
    private final Path dir;
    private final RetentionPolicy policy;
    private final SegmentStorage storage;
    private final SegmentArchiver archiver;

    /**
     * Retention on the real file system.
     *
     * @param dir    the journal directory.
     * @param policy what to do with covered segments.
     */
    public SegmentRetention(final Path dir, final RetentionPolicy policy)
    {
        this(dir, policy, FileSegmentStorage.INSTANCE);
    }

    /**
     * @param dir     the journal directory.
     * @param policy  what to do with covered segments.
     * @param storage the file system segments are archived and deleted through.
     */
    public SegmentRetention(final Path dir, final RetentionPolicy policy, final SegmentStorage storage)
    {
        this(dir, policy, storage, null);
    }

    /**
     * @param dir     the journal directory.
     * @param policy  what to do with covered segments.
     * @param storage the file system segments are archived and deleted through.
     * @param keyring the keys of encrypted segments (their archives are sealed), or null for the settings'.
     */
    public SegmentRetention(
        final Path dir, final RetentionPolicy policy, final SegmentStorage storage, final JournalKeyring keyring)
    {
        this.dir = dir;
        this.policy = policy;
        this.storage = storage;
        this.archiver = new SegmentArchiver(storage, keyring);
    }

    /**
     * @param coveredSequence every frame at or below it may leave the journal directory.
     * @return segments archived or deleted.
     */
    public int apply(final long coveredSequence)
    {
        if (policy == RetentionPolicy.KEEP)
        {
            return 0;
        }
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        int done = 0;
        for (int i = 0; i + 1 < entries.size(); i++)
        {
            final SegmentFiles.Entry entry = entries.get(i);
            // A segment's last frame is the one before the next segment's first.
            if (entries.get(i + 1).firstSequence() - 1 > coveredSequence)
            {
                break;
            }
            if (policy == RetentionPolicy.ARCHIVE && !entry.archived())
            {
                archiver.archive(entry);
                done++;
            }
            else if (policy == RetentionPolicy.DELETE)
            {
                try
                {
                    storage.deleteIfExists(entry.path());
                    storage.deleteIfExists(entry.archivePath());
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot delete journal segment " + entry.path() + ": " +
                        ex.getMessage(), ex);
                }
                done++;
            }
        }
        return done;
    }

    /**
     * @return the policy applied.
     */
    public RetentionPolicy policy()
    {
        return policy;
    }
}
