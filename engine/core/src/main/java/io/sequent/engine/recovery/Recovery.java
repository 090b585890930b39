package io.sequent.engine.recovery;

import io.sequent.engine.RecoveryReport;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.engine.state.EngineState;
import io.sequent.journal.FrameHandler;
import io.sequent.journal.JournalReader;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.SegmentStorage;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Rebuilds the engine's state before it takes a command: the newest valid snapshot, then the journal after it
 * through {@code Domain.apply} (and the command records into the ledger), then every projection caught up from its
 * own checkpoint; both read the journal's events through the domain's upcaster ({@code Domain.upcaster()}). An
 * event that cannot be applied stops recovery with its sequence and what to do about it, never a bare exception
 * from deep inside the domain.
 */
public final class Recovery
{
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery()
    {
    }

    /**
     * What recovery produced.
     *
     * @param state            the recovered state and ledger.
     * @param snapshotSequence the sequence the snapshot it started from covers (0 when none).
     * @param report           what it found and did.
     * @param <S>              the domain's state.
     */
    public record Recovered<S>(EngineState<S> state, long snapshotSequence, RecoveryReport report)
    {
    }

    /**
     * @param domain       the rules, the instance the sequencer will use.
     * @param journalDir   the journal, open for writing (its torn tail already repaired).
     * @param storage      the file system the journal is read through.
     * @param keyring      the keys of encrypted segments, or null.
     * @param lastSequence the journal's last sequence.
     * @param journalOpen  what the journal's open scan reported.
     * @param snapshots    where snapshots are.
     * @param dedupWindow  outcomes per client the ledger keeps.
     * @param projections  the read models, caught up here from their checkpoints.
     * @param <S>          the domain's state.
     * @return the recovered state.
     * @throws RecoveryException when an event of the journal cannot be applied.
     */
    public static <S> Recovered<S> recover(
        final Domain<S> domain,
        final Path journalDir,
        final SegmentStorage storage,
        final JournalKeyring keyring,
        final long lastSequence,
        final String journalOpen,
        final SnapshotStore snapshots,
        final int dedupWindow,
        final Projection[] projections)
    {
        final long start = System.nanoTime();
        final SnapshotStore.Loaded<S> snapshot = snapshots.loadNewest(domain, lastSequence, dedupWindow);
        final EngineState<S> state = snapshot != null ?
            new EngineState<>(domain, snapshot.state(), snapshot.ledger()) :
            new EngineState<>(domain, domain.newState(), new ClientLedger(dedupWindow));
        final long from = snapshot == null ? 1 : snapshot.lastSequence() + 1;
        final long replayed;
        try (JournalReader reader = JournalReader.open(journalDir, storage, keyring))
        {
            replayed = reader.read(from, new GuardedReplay(state, journalDir.getParent(), from - 1));
            for (final Projection projection : projections)
            {
                final long projectionFrom = projection.lastAppliedSequence() + 1;
                final long caughtUp = reader.read(projectionFrom,
                    new FrameRouter(projection::onEvent, null, domain.upcaster()));
                projection.onBatchEnd(lastSequence);
                if (caughtUp > 0)
                {
                    LOG.info("projection {} caught up {} events from sequence {}", projection, caughtUp,
                        projectionFrom);
                }
            }
        }
        final RecoveryReport report = new RecoveryReport(
            snapshot == null ? "none" : snapshot.file().getFileName().toString(), journalOpen, replayed,
            System.nanoTime() - start, lastSequence, state.hash());
        return new Recovered<>(state, snapshot == null ? 0 : snapshot.lastSequence(), report);
    }

    /**
     * Replays into the state, remembering the last whole command, so a failure can say where the good part ends.
     */
    private static final class GuardedReplay implements FrameHandler
    {
        private final FrameHandler state;
        private final Path dataDir;
        private long lastRecord;

        /**
         * @param lastRecord where the snapshot replay starts from ends: a whole command, good however soon the bad
         *                   entry comes.
         */
        GuardedReplay(final FrameHandler state, final Path dataDir, final long lastRecord)
        {
            this.state = state;
            this.dataDir = dataDir;
            this.lastRecord = lastRecord;
        }

        @Override
        public void onFrame(
            final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
        {
            try
            {
                state.onFrame(sequence, timestamp, buffer, offset, length);
            }
            catch (final RuntimeException ex)
            {
                throw new RecoveryException(sequence, lastRecord, describe(buffer, offset, length), dataDir, ex);
            }
            if (CommandRecords.isRecord(buffer, offset, length))
            {
                lastRecord = sequence;
            }
        }

        private static String describe(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length < 8)
            {
                return length + " bytes, too short for an SBE header";
            }
            return "schema " + (buffer.getShort(offset + 4) & 0xFFFF) + " version " +
                (buffer.getShort(offset + 6) & 0xFFFF) + " template " + (buffer.getShort(offset + 2) & 0xFFFF) +
                ", " + length + " bytes";
        }
    }
}
