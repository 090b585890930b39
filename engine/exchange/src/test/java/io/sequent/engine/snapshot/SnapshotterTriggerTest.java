package io.sequent.engine.snapshot;

import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.state.EngineState;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshotter's two triggers, every N events or every T nanoseconds, whichever comes first, with a clock the
 * test moves: a snapshot holds exactly the events applied so far, and nothing is written when nothing arrived.
 */
class SnapshotterTriggerTest
{
    private static final long INTERVAL = 1_000;

    @TempDir
    Path dir;

    private final ExchangeDomain domain = new ExchangeDomain(4, 100);
    private final ExchangeState live = domain.newState();
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);
    private final RecordingEventAppender events = new RecordingEventAppender();
    private final long[] now = { 5_000 };
    private long sequence;

    private SnapshotStore store()
    {
        return new SnapshotStore(dir, 100);
    }

    private SnapshotWriter writer;

    @BeforeEach
    void newWriter()
    {
        // After the temporary directory is injected.
        writer = new SnapshotWriter(store(), 0);
    }

    private Snapshotter<ExchangeState> snapshotter(final long everyEvents, final long intervalNanos)
    {
        return snapshotter(everyEvents, intervalNanos, sequence -> { });
    }

    private Snapshotter<ExchangeState> snapshotter(
        final long everyEvents, final long intervalNanos, final LongConsumer afterSnapshot)
    {
        return new Snapshotter<>(EngineState.empty(new ExchangeDomain(4, 100), ClientLedger.DEFAULT_WINDOW), 0,
            writer, everyEvents, intervalNanos, () -> now[0], afterSnapshot);
    }

    /** The snapshot files, once the writer (here driven by the test's thread) has written what it was handed. */
    private List<Path> written()
    {
        writer.doWork();
        return store().list();
    }

    /** Opens an account on the live state and feeds its one event to the snapshotter. */
    private void event(final Snapshotter<ExchangeState> snapshotter)
    {
        assertEquals(0, events.execute(domain, command, 0, commands.openAccount(command, 0, sequence + 1), live));
        snapshotter.onFrame(++sequence, 0, events.buffer(), events.offset(0), events.length(0));
    }

    private void assertNewestHoldsTheLiveState(final int snapshots) throws IOException
    {
        final List<Path> files = written();
        assertEquals(snapshots, files.size(), files.toString());
        final SnapshotStore.Loaded<ExchangeState> newest = SnapshotStore.read(
            domain, files.get(files.size() - 1), ClientLedger.DEFAULT_WINDOW);
        assertEquals(sequence, newest.lastSequence());
        assertEquals(domain.stateHash(live), newest.stateHash());
        assertEquals(live.accountCount(), newest.state().accountCount());
    }

    @Test
    void theTimerWritesWhenTheIntervalHasPassedAndEventsArrived() throws IOException
    {
        final Snapshotter<ExchangeState> snapshotter = snapshotter(0, INTERVAL);
        event(snapshotter);
        event(snapshotter);
        now[0] += INTERVAL - 1;
        snapshotter.onDutyCycle();
        assertTrue(written().isEmpty(), "not yet due");

        now[0] += 1;
        snapshotter.onDutyCycle();
        assertNewestHoldsTheLiveState(1);

        now[0] += 10 * INTERVAL;
        snapshotter.onDutyCycle();
        assertFalse(snapshotter.snapshotIfDue(), "idle: nothing new to snapshot");
        assertEquals(1, written().size());

        event(snapshotter);
        assertTrue(snapshotter.snapshotIfDue(), "overdue since the last snapshot, and an event arrived");
        assertNewestHoldsTheLiveState(2);
    }

    @Test
    void whicheverTriggerComesFirst() throws IOException
    {
        final Snapshotter<ExchangeState> snapshotter = snapshotter(3, INTERVAL);
        event(snapshotter);
        event(snapshotter);
        assertFalse(snapshotter.snapshotIfDue());
        event(snapshotter);
        assertTrue(snapshotter.snapshotIfDue(), "three events, no time passed");
        assertNewestHoldsTheLiveState(1);

        now[0] += INTERVAL;
        event(snapshotter);
        assertTrue(snapshotter.snapshotIfDue(), "one event, the interval passed");
        assertNewestHoldsTheLiveState(2);

        // The count restarts after a timed snapshot, and so does the timer after a counted one.
        event(snapshotter);
        event(snapshotter);
        now[0] += INTERVAL - 1;
        assertFalse(snapshotter.snapshotIfDue());
        event(snapshotter);
        assertTrue(snapshotter.snapshotIfDue());
        assertNewestHoldsTheLiveState(3);
        now[0] += 1;
        event(snapshotter);
        assertFalse(snapshotter.snapshotIfDue());
    }

    @Test
    void withoutATimerTimeNeverTriggers()
    {
        final Snapshotter<ExchangeState> snapshotter = snapshotter(10, 0);
        event(snapshotter);
        now[0] += 1_000 * INTERVAL;
        snapshotter.onDutyCycle();
        assertFalse(snapshotter.snapshotIfDue());
        assertTrue(written().isEmpty());
    }

    @Test
    void theNextSnapshotWaitsForTheWriterAndRetentionHearsOnlyOfSnapshotsOnDisk() throws IOException
    {
        final List<Long> announced = new ArrayList<>();
        final Snapshotter<ExchangeState> snapshotter = snapshotter(1, 0, announced::add);
        event(snapshotter);
        assertTrue(snapshotter.snapshotIfDue(), "handed to the writer");
        event(snapshotter);
        assertFalse(snapshotter.snapshotIfDue(), "the writer has not written the one before");
        snapshotter.onDutyCycle();
        assertEquals(List.of(), announced, "not on disk yet");

        writer.doWork();
        snapshotter.onDutyCycle();
        assertEquals(List.of(1L), announced, "on disk: retention may go up to it");
        // That time-out also found the writer idle and handed it the snapshot of the second event.
        writer.doWork();
        snapshotter.onDutyCycle();
        assertEquals(List.of(1L, 2L), announced);
        assertNewestHoldsTheLiveState(2);
    }
}
