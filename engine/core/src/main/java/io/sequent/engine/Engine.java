package io.sequent.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.sequent.codecs.SchemaDocuments;
import io.sequent.engine.consumer.JournalSyncAgent;
import io.sequent.engine.consumer.Journaler;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.consumer.Projector;
import io.sequent.engine.consumer.ReadSide;
import io.sequent.engine.consumer.Responder;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.recovery.Recovery;
import io.sequent.engine.ring.CommandSlot;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.sequencer.Sequencer;
import io.sequent.engine.snapshot.JournalRetentionTask;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.engine.snapshot.SnapshotWriter;
import io.sequent.engine.snapshot.Snapshotter;
import io.sequent.engine.state.EngineState;
import io.sequent.journal.DurabilityPolicy;
import io.sequent.journal.JournalSync;
import io.sequent.journal.JournalWriter;
import io.sequent.journal.SegmentRetention;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Sequent engine: the command ring, THE sequencer, the event ring and its stages (journaler, read side with the
 * projector and snapshotter, responder), started once the state has been recovered (see {@link Recovery}). This
 * class is the lifecycle only: launch, offer, close, and what went wrong. How the stages share threads is the
 * context's {@link ThreadingMode}; what feeds the sequencer is a {@link CommandSource}, or whoever calls
 * {@link #offer} from one thread.
 *
 * @param <S> the domain's state.
 */
public final class Engine<S> implements CommandSink, AutoCloseable
{
    /** {@link #offer} result: the command ring is full; try again later. */
    public static final long BACK_PRESSURED = CommandSink.BACK_PRESSURED;
    /** {@link #offer} result: the command is larger than a command slot. */
    public static final long TOO_LARGE = CommandSink.TOO_LARGE;

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final OutcomeHandler DROP = (session, correlation, sequence, time, reason, detail, dup) -> true;

    private final EngineContext<S> ctx;
    private final EngineState<S> engineState;
    private final JournalWriter journal;
    private final Projection[] projections;
    private final RingBuffer<CommandSlot> commandRing;
    private final RingBuffer<EventSlot> eventRing;
    private final Sequencer<S> sequencer;
    private final Journaler journaler;
    private final ReadSide readSide;
    private final Responder responder;
    private final EnginePositions positions;
    private final SnapshotWriter snapshotWriter;
    private final JournalRetentionTask retentionTask;
    private final RecoveryReport recoveryReport;
    private final StageScheduler scheduler;
    private final int commandCapacity;
    private volatile boolean closed;

    private Engine(final EngineContext<S> ctx)
    {
        this.ctx = ctx;
        final Domain<S> domain = ctx.domain();
        final List<Projection> opened = new ArrayList<>(ctx.projections());
        JournalWriter journal = null;
        final Recovery.Recovered<S> recovered;
        final SnapshotStore snapshots = new SnapshotStore(ctx.snapshotDir(), ctx.snapshotsKept(), ctx.storage(),
            ctx.keyring());
        try
        {
            DataDirectory.require(ctx.dataDir());
            if (ctx.module() != null)
            {
                opened.addAll(ctx.module().openProjections(ctx.dataDir()));
            }
            journal = JournalWriter.open(ctx.journalDir(), new JournalWriter.Context()
                .segmentLength(ctx.journalSegmentLength())
                .durability(ctx.durability())
                .schemaId(domain.eventSchemaId())
                .schemaVersion(domain.eventSchemaVersion())
                .addDocument(domain.eventSchemaXml())
                .addDocument(SchemaDocuments.read(SchemaDocuments.ENGINE))
                .storage(ctx.storage())
                .keyring(ctx.keyring())
                // A command's events are complete only with its record: frames after the last one are cut at open.
                .commitMarker(CommandRecords::isRecord));
            recovered = Recovery.recover(domain, ctx.journalDir(), ctx.storage(), ctx.keyring(), journal.lastSequence(),
                journal.openReport().toString(), snapshots, ctx.dedupWindow(), opened.toArray(new Projection[0]));
        }
        catch (final RuntimeException ex)
        {
            // Nothing may stay open: a node that refuses to start leaves its files as it found them.
            CloseHelper.quietClose(journal);
            opened.forEach(CloseHelper::quietClose);
            throw ex;
        }
        this.journal = journal;
        this.projections = opened.toArray(new Projection[0]);
        this.engineState = recovered.state();
        this.recoveryReport = recovered.report();
        LOG.info("recovered: {}", recoveryReport);
        final long lastSequence = recoveryReport.lastSequence();

        commandCapacity = ctx.commandSlotCapacity();
        // Stages poll; nothing ever blocks in a wait strategy, so publishing needs no signal.
        commandRing = RingBuffer.createSingleProducer(
            () -> new CommandSlot(commandCapacity), ctx.commandRingSize(), new BusySpinWaitStrategy());
        final int eventCapacity = ctx.eventSlotCapacity();
        eventRing = RingBuffer.createSingleProducer(
            () -> new EventSlot(eventCapacity), ctx.eventRingSize(), new BusySpinWaitStrategy());

        final EventPoller<CommandSlot> commands = commandRing.newPoller();
        commandRing.addGatingSequences(commands.getSequence());
        sequencer = new Sequencer<>(domain, engineState.state(), engineState.ledger(), eventRing, commands,
            ctx.clock(), lastSequence, ctx.eventRingSize() / 4, ctx.maxSlotsPerCommand(), eventCapacity);
        final boolean interval = ctx.durability() == DurabilityPolicy.INTERVAL;
        final Sequence durable = new Sequence();
        journaler = new Journaler(journal, eventRing.newPoller(), interval ? null : durable);
        // Commands in flight always fit the journal; with its device full they are refused (STORAGE_FULL) instead
        // of stopping the engine.
        sequencer.journalRoom(journaler.room(), journal.frameArea(), journal::isStorageFull);
        final List<Agent> io = new ArrayList<>();
        final Projector projector = new Projector(projections, lastSequence);
        Snapshotter<S> snapshotter = null;
        if (ctx.snapshotsEnabled())
        {
            // Its own copy of the state and its own domain instance (flyweights are per thread), so taking a
            // snapshot never touches the sequencer's; the file is written on the I/O thread.
            snapshotWriter = new SnapshotWriter(snapshots, recovered.snapshotSequence());
            retentionTask = new JournalRetentionTask(
                new SegmentRetention(ctx.journalDir(), ctx.retention(), ctx.storage(), ctx.keyring()), projections);
            io.add(snapshotWriter);
            snapshotter = new Snapshotter<>(SnapshotStore.copy(engineState, ctx.newDomain()), lastSequence,
                snapshotWriter, ctx.snapshotEveryEvents(), TimeUnit.MILLISECONDS.toNanos(ctx.snapshotIntervalMs()),
                new SystemNanoClock(), retentionTask);
        }
        else
        {
            snapshotWriter = null;
            retentionTask = null;
        }
        readSide = new ReadSide(eventRing.newPoller(journaler.sequence()), projector, snapshotter);
        // Clients hear of a command only once its events are as durable as the policy asks.
        final EventPoller<EventSlot> outcomes = eventRing.newPoller(durable);
        eventRing.addGatingSequences(journaler.sequence(), readSide.sequence(), outcomes.getSequence());
        responder = new Responder(outcomes);
        positions = new EnginePositions(commands.getSequence(), journaler.sequence(), projector);

        // The I/O agent, mostly asleep: it makes the next journal segment ahead of each roll, writes snapshot
        // files and, with the interval policy, forces the journal.
        io.add(journal.segmentPreparer());
        if (interval)
        {
            io.add(new JournalSyncAgent(new JournalSync(journal), journaler.sequence(), durable,
                TimeUnit.MILLISECONDS.toNanos(ctx.syncIntervalMs()), new SystemNanoClock()));
        }
        final CommandSource source = ctx.commandSource();
        if (source != null)
        {
            source.bind(this);
        }
        scheduler = new StageScheduler(ctx, List.of(sequencer, journaler, readSide), source, io, interval,
            () -> responder.poll(DROP));
        scheduler.start();
    }

    /**
     * Recovers the state from the journal in the context's data directory, then starts the engine's stages.
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
        return offer(sessionId, sessionId, correlationId, SEQUENCER_TIME, buffer, offset, length);
    }

    /**
     * Copies a command from an authenticated client into the command ring without blocking, to be stamped by the
     * sequencer's clock. Call from one thread only.
     *
     * @param sessionId     of the sender, echoed to the {@link OutcomeHandler}.
     * @param clientId      the authenticated client behind the session.
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
        return offer(sessionId, clientId, correlationId, SEQUENCER_TIME, buffer, offset, length);
    }

    @Override
    public long offer(
        final long sessionId,
        final long clientId,
        final long correlationId,
        final long timestamp,
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
        slot.set(sessionId, clientId, correlationId, timestamp, length);
        commandRing.publish(sequence);
        return sequence;
    }

    @Override
    public int maxCommandLength()
    {
        return commandCapacity;
    }

    /**
     * @return how far the engine's stages have got, readable from any thread (for metrics).
     */
    public EnginePositions positions()
    {
        return positions;
    }

    /**
     * @return commands refused {@code STORAGE_FULL} because the journal's device was full; safe from any thread.
     */
    public long storageRefusals()
    {
        return sequencer.storageRefusals();
    }

    /**
     * @return whether the journal is out of room now (commands are being refused); safe from any thread.
     */
    public boolean isStorageFull()
    {
        return journal.isStorageFull();
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
     * @return the caller's handle on every stage in {@link ThreadingMode#INVOKER} mode (one {@code invoke()} is one
     *         duty cycle of each, in ring order), else null.
     */
    public AgentInvoker invoker()
    {
        return scheduler.invoker();
    }

    /**
     * @return how the stages share threads.
     */
    public ThreadingMode threadingMode()
    {
        return ctx.threadingMode();
    }

    /**
     * @return the failure that stopped the engine, or null while healthy.
     */
    public Throwable failure()
    {
        return scheduler.failure();
    }

    /**
     * Hash of the current state: the domain's combined with the client ledger's. The state belongs to the sequencer
     * while the engine runs, so this may only be called after {@link #close()}.
     *
     * @return the engine's state hash, the one the recovery report gives.
     */
    public long stateHash()
    {
        closedState();
        return engineState.hash();
    }

    /**
     * Whether every command offered so far has been sequenced, journaled and seen by the read side: what
     * {@link #snapshot} and {@link #drainedStateHash} require. In {@link ThreadingMode#INVOKER} mode the caller gets
     * there by invoking until this holds (and polling the responder meanwhile).
     *
     * @return true when the rings hold nothing unprocessed.
     */
    public boolean isDrained()
    {
        return drained();
    }

    /**
     * Serialises the engine's state (domain and client ledger, the snapshot file's format) as it stands after the
     * last command sequenced: for the cluster service, whose snapshots go to the cluster instead of the engine's own
     * directory. Only in {@link ThreadingMode#INVOKER} mode, on the invoking thread, between invocations, with the
     * engine {@link #isDrained() drained}: then the state is the caller's to read.
     *
     * @param image where to; reused.
     * @return {@code image}, covering the last journal sequence assigned.
     * @throws IllegalStateException in another threading mode or when the engine is not drained.
     */
    public SnapshotStore.Image snapshot(final SnapshotStore.Image image)
    {
        requireDrainedInvoker("snapshot");
        return SnapshotStore.encode(engineState, sequencer.nextSequence() - 1, image);
    }

    /**
     * The state hash while the engine runs, as {@link #stateHash()} gives it after close: only in
     * {@link ThreadingMode#INVOKER} mode, on the invoking thread, with the engine {@link #isDrained() drained}.
     *
     * @return the engine's state hash.
     * @throws IllegalStateException in another threading mode or when the engine is not drained.
     */
    public long drainedStateHash()
    {
        requireDrainedInvoker("drainedStateHash");
        return engineState.hash();
    }

    /**
     * @return the last journal sequence the sequencer assigned; in {@link ThreadingMode#INVOKER} mode, on the invoking
     *         thread (elsewhere it is the sequencer's and may be stale).
     */
    public long lastSequence()
    {
        return sequencer.nextSequence() - 1;
    }

    private void requireDrainedInvoker(final String what)
    {
        if (ctx.threadingMode() != ThreadingMode.INVOKER || closed)
        {
            throw new IllegalStateException(what + " needs a running engine in invoker mode: the state belongs to " +
                "the sequencer's thread otherwise");
        }
        if (!drained())
        {
            throw new IllegalStateException(what + " needs a drained engine: invoke until isDrained()");
        }
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
            throw new IllegalStateException("the state belongs to the sequencer: close the engine first");
        }
        return engineState.state();
    }

    /**
     * Stops the engine after everything offered so far is sequenced, journaled and projected: the command source
     * (if any) stops first, then the stages drain, then they stop. Outcomes that nobody has polled by then are
     * dropped. Without a command source, call once the offering thread has stopped.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ctx.drainTimeoutSeconds());
        scheduler.stopSource();
        while (failure() == null && System.nanoTime() < deadline && !drained())
        {
            if (!scheduler.stepWhileClosing())
            {
                responder.poll(DROP);
                Thread.onSpinWait();
            }
        }
        if (!drained())
        {
            LOG.warn("engine closed before it drained (failure: {})", failure());
        }
        scheduler.close();
        if (retentionTask != null && failure() == null)
        {
            // The I/O agent wrote the last snapshot taken as it closed; the read side that announces snapshots to
            // retention has stopped, so retention for it is applied here, with every stage stopped.
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

    private boolean drained()
    {
        final long commands = commandRing.getCursor();
        final long events = eventRing.getCursor();
        return positions.commandsSequenced() - 1 >= commands &&
            journaler.sequence().get() >= events &&
            readSide.sequence().get() >= events;
    }
}
