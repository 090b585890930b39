package io.sequent.engine.snapshot;

import io.sequent.engine.domain.Projection;
import io.sequent.journal.RetentionPolicy;
import io.sequent.journal.SegmentRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongConsumer;

/**
 * Called by the {@link Snapshotter} after each snapshot, on its thread: archives or deletes the sealed journal
 * segments the snapshot covers. Deletion also waits for the projections: a segment goes only once every projection
 * applied all of its frames, since a projection catches up from the journal at start. A failure is logged and
 * left for the next snapshot: the segments simply stay.
 */
public final class JournalRetentionTask implements LongConsumer
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetentionTask.class);

    private final SegmentRetention retention;
    private final Projection[] projections;

    /**
     * @param retention   the journal directory's policy.
     * @param projections read on the snapshotter's thread, which is also the projector's.
     */
    public JournalRetentionTask(final SegmentRetention retention, final Projection[] projections)
    {
        this.retention = retention;
        this.projections = projections;
    }

    /**
     * @param snapshotSequence the sequence the newest snapshot covers.
     */
    @Override
    public void accept(final long snapshotSequence)
    {
        long covered = snapshotSequence;
        if (retention.policy() == RetentionPolicy.DELETE)
        {
            for (final Projection projection : projections)
            {
                covered = Math.min(covered, projection.lastAppliedSequence());
            }
        }
        try
        {
            final int done = retention.apply(covered);
            if (done > 0)
            {
                LOG.info("journal retention {}: {} segment(s) up to sequence {}", retention.policy(), done, covered);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("journal retention {} failed up to sequence {}: {}", retention.policy(), covered,
                ex.getMessage());
        }
    }
}
