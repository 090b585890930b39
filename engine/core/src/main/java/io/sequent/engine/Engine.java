package io.sequent.engine;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.sequent.engine.consumer.JournalSyncAgent;
import io.sequent.codecs.SchemaDocuments;
import io.sequent.engine.consumer.Journaler;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.consumer.Projector;
import io.sequent.engine.consumer.ReadSide;
import io.sequent.engine.consumer.Responder;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.engine.ring.CommandSlot;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.sequencer.Sequencer;
import io.sequent.engine.snapshot.JournalRetentionTask;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.engine.snapshot.SnapshotWriter;
import io.sequent.engine.snapshot.Snapshotter;
import io.sequent.engine.state.EngineState;
import io.sequent.journal.DurabilityPolicy;
import io.sequent.journal.JournalReader;
import io.sequent.journal.JournalSync;
import io.sequent.journal.JournalWriter;
import io.sequent.journal.SegmentRetention;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Sequent engine: the command ring, THE sequencer, the event ring and its consumers (journaler, projector,
 * snapshotter, responder), started after the state has been recovered: newest valid snapshot, then the journal
 * after it.
 * <p>
 * Threads: {@link #offer} and {@link #responder()} belong to one caller thread (the gateway's agent); the
 * sequencer, journaler and projector each run on a thread of their own.
 *
 * @param <S> the domain's state.
 */
public final class Engine<S> implements AutoCloseable
{
    /** {@link #offer} result: the command ring is full; try again later. */
    public static final long BACK_PRESSURED = -1;
    /** {@link #offer} result: the command is larger than a command slot. */
    public static final long TOO_LARGE = -2;

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final EngineContext<S> ctx;
    private final S state;
    private final EngineState<S> engineState;
    private final JournalWriter journal;
    private final Projection[] projections;
    private final RingBuffer<CommandSlot> commandRing;
    private final RingBuffer<EventSlot> eventRing;
    private final Sequencer<S> sequencer;
    private final BatchEventProcessor<CommandSlot> sequencerProcessor;
    private final BatchEventProcessor<EventSlot> journalerProcessor;
    private final BatchEventProcessor<EventSlot> readSideProcessor;
    private final Responder responder;
    private final EnginePositions positions;
    private final Sequence durable = new Sequence();
    private final AgentRunner journalIoRunner;
    private final SnapshotWriter snapshotWriter;
    private final JournalRetentionTask retentionTask;
    private final RecoveryReport recoveryReport;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final int commandCapacity;
    private volatile boolean closed;

    private Engine(final EngineContext<S> ctx)
    {
        this.ctx = ctx;
        final Domain<S> domain = ctx.domain();
        final List<Projection> opened = new ArrayList<>(ctx.projections());
        try
        {
            DataDirectory.require(ctx.dataDir());
            if (ctx.module() != null)
            {
                opened.addAll(ctx.module().openProjections(ctx.dataDir()));
            }
        }
        catch (final RuntimeException ex)
        {
            opened.forEach(Projection::close);
            throw ex;
        }
        projections = opened.toArray(new Projection[0]);

        try
        {
            journal = JournalWriter.open(ctx.journalDir(), new JournalWriter.Context()
                .segmentLength(ctx.journalSegmentLength())
                .durability(ctx.durability())
                .schemaId(domain.eventSchemaId())
                .schemaVersion(domain.eventSchemaVersion())
                .addDocument(domain.eventSchemaXml())
                .addDocument(SchemaDocuments.read(SchemaDocuments.ENGINE))
                // A command's events are complete only with its record: frames after the last one are cut at open.
                .commitMarker(CommandRecords::isRecord));
        }
        catch (final RuntimeException ex)
        {
            // A journal that refuses to open (damage, no room) must not leave the projections' files open.
            for (final Projection projection : projections)
            {
                projection.close();
            }
            throw ex;
        }
        final SnapshotStore snapshots = new SnapshotStore(ctx.snapshotDir(), ctx.snapshotsKept());
        final long snapshotSequence;
        try
        {
            final SnapshotStore.Loaded<S> snapshot =
                snapshots.loadNewest(domain, journal.lastSequence(), ctx.dedupWindow());
            snapshotSequence = snapshot != null ? snapshot.lastSequence() : 0;
            state = snapshot != null ? snapshot.state() : domain.newState();
            engineState = new EngineState<>(
                domain, state, snapshot != null ? snapshot.ledger() : new ClientLedger(ctx.dedupWindow()));
            recoveryReport = recover(domain, snapshot);
        }
        catch (final RuntimeException ex)
        {
            journal.close();
            for (final Projection projection : projections)
            {
                projection.close();
            }
            throw ex;
        }
        LOG.info("recovered: {}", recoveryReport);

        commandCapacity = ctx.commandSlotCapacity();
        commandRing = RingBuffer.createSingleProducer(
            () -> new CommandSlot(commandCapacity), ctx.commandRingSize(), WaitStrategies.of(ctx.waitStrategy()));
        final int eventCapacity = ctx.eventSlotCapacity();
        // With a snapshot timer, waits on the event ring time out, so the snapshotter sees the time while idle.
        final long snapshotIntervalNanos = TimeUnit.MILLISECONDS.toNanos(ctx.snapshotIntervalMs());
        eventRing = RingBuffer.createSingleProducer(() -> new EventSlot(eventCapacity), ctx.eventRingSize(),
            WaitStrategies.withTimeout(ctx.waitStrategy(), timerTick(snapshotIntervalNanos)));

        final BatchEventProcessorBuilder builder = new BatchEventProcessorBuilder();
        sequencer = new Sequencer<>(domain, state, engineState.ledger(), eventRing, ctx.clock(),
            recoveryReport.lastSequence(), ctx.eventRingSize() / 4);
        sequencerProcessor = builder.build(commandRing, commandRing.newBarrier(), sequencer);
        commandRing.addGatingSequences(sequencerProcessor.getSequence());

        final boolean interval = ctx.durability() == DurabilityPolicy.INTERVAL;
        journalerProcessor = builder.build(
            eventRing, eventRing.newBarrier(), new Journaler(journal, interval ? null : durable));
        // The read side (projections and the snapshotter) sees only journaled events: after a crash it never holds
        // an event the journal lost, whose sequence a different event would then take. Projector and snapshotter
        // share one thread: on a small machine every extra busy thread shows in the latency.
        final Projector projector = new Projector(projections, recoveryReport.lastSequence());
        final EventHandler<EventSlot> readSide;
        final List<Agent> io = new ArrayList<>();
        if (ctx.snapshotsEnabled())
        {
            // Its own copy of the state and its own domain instance (flyweights are per thread), so taking a
            // snapshot never touches the sequencer's; the file is written on the I/O thread.
            snapshotWriter = new SnapshotWriter(snapshots, snapshotSequence);
            retentionTask = new JournalRetentionTask(
                new SegmentRetention(ctx.journalDir(), ctx.retention()), projections);
            io.add(snapshotWriter);
            final Snapshotter<S> snapshotter = new Snapshotter<>(SnapshotStore.copy(engineState, ctx.newDomain()),
                recoveryReport.lastSequence(), snapshotWriter, ctx.snapshotEveryEvents(), snapshotIntervalNanos,
                new SystemNanoClock(), retentionTask);
            readSide = new ReadSide(projector, snapshotter);
        }
        else
        {
            snapshotWriter = null;
            retentionTask = null;
            readSide = projector;
        }
        readSideProcessor = builder.build(eventRing, eventRing.newBarrier(journalerProcessor.getSequence()), readSide);
        // Clients hear of a command only once its events are as durable as the policy asks.
        final EventPoller<EventSlot> poller = eventRing.newPoller(durable);
        eventRing.addGatingSequences(
            journalerProcessor.getSequence(), readSideProcessor.getSequence(), poller.getSequence());
        responder = new Responder(poller);
        positions = new EnginePositions(
            sequencerProcessor.getSequence(), journalerProcessor.getSequence(), projector);

        start(sequencerProcessor, "sequent-sequencer");
        start(journalerProcessor, "sequent-journaler");
        start(readSideProcessor, "sequent-read-side");
        // One I/O thread, mostly asleep: it makes the next journal segment ahead of each roll, writes snapshot files
        // and, with the interval policy, forces the journal.
        io.add(journal.segmentPreparer());
        if (interval)
        {
            io.add(new JournalSyncAgent(new JournalSync(journal), journalerProcessor.getSequence(), durable,
                TimeUnit.MILLISECONDS.toNanos(ctx.syncIntervalMs()), new SystemNanoClock()));
        }
        // Forces are due within a millisecond; a spare segment is wanted only every few tens of milliseconds at most.
        journalIoRunner = new AgentRunner(new SleepingMillisIdleStrategy(interval ? 1 : 10), this::onSyncError, null,
            new CompositeAgent(io));
        AgentRunner.startOnThread(journalIoRunner, runnable ->
        {
            final Thread thread = new Thread(runnable, "sequent-journal-io");
            thread.setDaemon(true);
            return thread;
        });
    }

    private void onSyncError(final Throwable ex)
    {
        // Only a force fails here (the segment preparer keeps its failures to itself): durability as acknowledged
        // cannot be promised any more, so stop.
        LOG.error("journal sync failed: engine stops", ex);
        failure.compareAndSet(null, ex);
        haltAll();
    }

    /**
     * Recovers the state from the journal in the context's data directory, then starts the engine's threads.
     *
     * @param ctx configuration; {@link EngineContext#conclude()} is called here.
     * @param <S> the domain's state.
     * @return the running engine.
     */
    public static <S> Engine<S> launch(final EngineContext<S> ctx)
    {
        ctx.conclude();
        return new Engine<>(ctx);
    }

    /**
     * How often an idle event-ring consumer wakes to look at the time: a tenth of the snapshot interval, at most
     * 100 ms and at least 1 ms; 0 (no time-out) without a timer.
     */
    private static long timerTick(final long intervalNanos)
    {
        if (intervalNanos <= 0)
        {
            return 0;
        }
        final long tenth = Math.min(intervalNanos / 10, TimeUnit.MILLISECONDS.toNanos(100));
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), tenth);
    }

    private RecoveryReport recover(final Domain<S> domain, final SnapshotStore.Loaded<S> snapshot)
    {
        final long start = System.nanoTime();
        final long from = snapshot == null ? 1 : snapshot.lastSequence() + 1;
        long replayed = 0;
        try (JournalReader reader = JournalReader.open(ctx.journalDir()))
        {
            replayed = reader.read(from, engineState);
            for (final Projection projection : projections)
            {
                final long projectionFrom = projection.lastAppliedSequence() + 1;
                final long caughtUp = reader.read(projectionFrom, new FrameRouter(projection::onEvent, null));
                projection.onBatchEnd(journal.lastSequence());
                if (caughtUp > 0)
                {
                    LOG.info("projection {} caught up {} events from sequence {}", projection, caughtUp,
                        projectionFrom);
                }
            }
        }
        final long nanos = System.nanoTime() - start;
        return new RecoveryReport(snapshot == null ? "none" : snapshot.file().getFileName().toString(),
            journal.openReport().toString(), replayed, nanos, journal.lastSequence(), engineState.hash());
    }

    private void start(final BatchEventProcessor<?> processor, final String name)
    {
        processor.setExceptionHandler(new FatalHandler<>(name));
        final Thread thread = new Thread(processor, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /**
     * Copies a command into the command ring without blocking, its session standing for the client (tests, tools and
     * in-process use, where no gateway authenticates clients). Call from one thread only.
     *
     * @param sessionId     of the sender, echoed to the {@link OutcomeHandler}; also taken as its client id.
     * @param correlationId the client's id for the command.
     * @param buffer        holding the command (SBE header and body).
     * @param offset        of the command in the buffer.
     * @param length        of the command.
     * @return the ring sequence it took, or {@link #BACK_PRESSURED} when the ring is full, or {@link #TOO_LARGE}.
     */
    public long offer(
        final long sessionId, final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        return offer(sessionId, sessionId, correlationId, buffer, offset, length);
    }

    /**
     * Copies a command from an authenticated client into the command ring without blocking. Call from one thread
     * only.
     *
     * @param sessionId     of the sender, echoed to the {@link OutcomeHandler}.
     * @param clientId      the authenticated client behind the session: (client, correlation id) names a command
     *                      across sessions and restarts.
     * @param correlationId the client's id for the command.
     * @param buffer        holding the command (SBE header and body).
     * @param offset        of the command in the buffer.
     * @param length        of the command.
     * @return the ring sequence it took, or {@link #BACK_PRESSURED} when the ring is full, or {@link #TOO_LARGE}.
     */
    public long offer(
        final long sessionId,
        final long clientId,
        final long correlationId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (length > commandCapacity)
        {
            return TOO_LARGE;
        }
        // Single producer: when there is capacity, next() cannot block.
        if (!commandRing.hasAvailableCapacity(1))
        {
            return BACK_PRESSURED;
        }
        final long sequence = commandRing.next();
        final CommandSlot slot = commandRing.get(sequence);
        slot.buffer().putBytes(0, buffer, offset, length);
        slot.set(sessionId, clientId, correlationId, length);
        commandRing.publish(sequence);
        return sequence;
    }

    /**
     * @return the largest command {@link #offer} takes, in bytes.
     */
    public int maxCommandLength()
    {
        return commandCapacity;
    }

    /**
     * @return how far the engine's threads have got, readable from any thread (for metrics).
     */
    public EnginePositions positions()
    {
        return positions;
    }

    /**
     * @return the responder, to be polled by the thread that answers clients (the same one that calls offer).
     */
    public Responder responder()
    {
        return responder;
    }

    /**
     * @return what recovery found at start.
     */
    public RecoveryReport recoveryReport()
    {
        return recoveryReport;
    }

    /**
     * @return the failure that stopped a consumer thread, or null while healthy.
     */
    public Throwable failure()
    {
        return failure.get();
    }

    /**
     * Hash of the current state: the domain's combined with the client ledger's. The state belongs to the sequencer
     * thread while the engine runs, so this may only be called after {@link #close()}.
     *
     * @return the engine's state hash, the one the recovery report gives.
     */
    public long stateHash()
    {
        closedState();
        return engineState.hash();
    }

    /**
     * The outcomes per client, for inspection after {@link #close()} (tests, tools).
     *
     * @return the ledger.
     */
    public ClientLedger closedLedger()
    {
        closedState();
        return engineState.ledger();
    }

    /**
     * The state, for inspection after {@link #close()} (tests, tools).
     *
     * @return the state.
     */
    public S closedState()
    {
        if (!closed)
        {
            throw new IllegalStateException("the state belongs to the sequencer thread: close the engine first");
        }
        return state;
    }

    /**
     * Stops the engine after everything offered so far is sequenced, journaled and projected. Call once the
     * offering thread has stopped; outcomes no one polled by then are polled here and dropped.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ctx.drainTimeoutSeconds());
        final OutcomeHandler drop = (sessionId, correlationId, sequence, timestamp, reason, detail, duplicate) -> true;
        while (failure.get() == null && System.nanoTime() < deadline && !drained())
        {
            responder.poll(drop);
            Thread.onSpinWait();
        }
        if (!drained())
        {
            LOG.warn("engine closed before it drained (failure: {})", failure.get());
        }

        haltAll();
        journalIoRunner.close();
        for (final Thread thread : threads)
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (retentionTask != null && failure.get() == null)
        {
            // The I/O thread wrote the last snapshot taken as it closed; the read side that announces snapshots to
            // retention has stopped, so retention for it is applied here, with every engine thread joined.
            retentionTask.accept(snapshotWriter.lastWritten());
        }
        if (journal.spareFailures() > 0)
        {
            LOG.warn("{} journal segment(s) could not be prepared ahead and were made on the journaler's thread: " +
                "check the disk's free space", journal.spareFailures());
        }
        journal.close();
        for (final Projection projection : projections)
        {
            projection.close();
        }
        closed = true;
        LOG.info("engine closed at sequence {}", sequencer.nextSequence() - 1);
    }

    private void haltAll()
    {
        sequencerProcessor.halt();
        journalerProcessor.halt();
        readSideProcessor.halt();
    }

    private boolean drained()
    {
        final long commands = commandRing.getCursor();
        final long events = eventRing.getCursor();
        return sequencerProcessor.getSequence().get() >= commands &&
            journalerProcessor.getSequence().get() >= events &&
            readSideProcessor.getSequence().get() >= events;
    }

    /**
     * A consumer that throws has left its work half done: stop the engine rather than go on with a wrong state.
     */
    private final class FatalHandler<T> implements ExceptionHandler<T>
    {
        private final String name;

        FatalHandler(final String name)
        {
            this.name = name;
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final T event)
        {
            LOG.error("{} failed at ring sequence {}: engine stops", name, sequence, ex);
            failure.compareAndSet(null, ex);
            haltAll();
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            handleEventException(ex, -1, null);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            LOG.warn("{} failed at shutdown", name, ex);
        }
    }
}
