package io.sequent.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.sequent.codecs.RejectReason;
import io.sequent.codecs.session.CommandHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.engine.CommandSource;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.ThreadingMode;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.snapshot.SnapshotStore;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.nio.file.Path;
import io.sequent.gateway.CommandResponseWriter;

/**
 * The Sequent engine as an Aeron Cluster service, and the engine's {@link CommandSource} in clustered mode: every
 * command the cluster log delivers goes, in log order, to the same sequencer, dedup ledger and domain as in
 * single-node mode, stamped with the log's timestamp (never this node's clock), so every node computes the same
 * events, journal and state hash. The engine runs in {@link ThreadingMode#INVOKER} mode on the service's thread:
 * each command is sequenced, journaled and answered before the next is taken (the read side may trail and is
 * drained before a snapshot), so the state is the service's to snapshot between messages.
 * <p>
 * Replay: on restart the engine recovers from its own journal, and the log replayed by the cluster after its
 * snapshot is skipped up to the {@link AppliedPosition} the engine reached; responses during replay go nowhere
 * (Aeron mocks the sessions' offers), so a handler has no effect beyond the engine's state.
 * <p>
 * Snapshots: {@link #onTakeSnapshot} writes the engine's snapshot in the snapshot file's format (domain and ledger)
 * into the cluster's snapshot; {@link #onStart} reads it back and checks this node's engine against it.
 */
public final class SequentClusteredService implements ClusteredService, CommandSource
{
    private static final Logger LOG = LoggerFactory.getLogger(SequentClusteredService.class);
    private static final int SNAPSHOT_MAGIC = 0x53514353; // "SQCS"
    private static final int SNAPSHOT_HEADER_LENGTH = 4 + 8 + 8 + 8 + 4;
    private static final int SNAPSHOT_CHUNK = 32 * 1024;
    private static final int COMMAND_HEADER_LENGTH =
        MessageHeaderDecoder.ENCODED_LENGTH + CommandHeaderDecoder.BLOCK_LENGTH;
    private static final int SEND_ATTEMPTS = 10_000;

    private final EngineContext<?> engineContext;
    private final Path nodeDir;
    private final int nodeId;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandHeaderDecoder commandDecoder = new CommandHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CommandResponseWriter responseWriter = new CommandResponseWriter();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(4096, 64));
    private final UnsafeBuffer snapshotBuffer = new UnsafeBuffer(new byte[SNAPSHOT_CHUNK + SNAPSHOT_HEADER_LENGTH]);
    private final SnapshotStore.Image snapshotImage = new SnapshotStore.Image();
    private final OutcomeHandler responder = this::onOutcome;
    private final ResponseTarget target = new ResponseTarget();
    private Cluster cluster;
    private Engine<?> engine;
    private AgentInvoker invoker;
    private AppliedPosition applied;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile long commandsApplied;
    private volatile boolean closed;

    /**
     * @param engineContext the engine's configuration (domain, data directory, durability); the service sets its
     *                      threading mode and command source.
     * @param nodeDir       the node's directory, where the {@link AppliedPosition} lives.
     * @param nodeId        the node's member id, for messages.
     */
    public SequentClusteredService(final EngineContext<?> engineContext, final Path nodeDir, final int nodeId)
    {
        this.engineContext = engineContext;
        this.nodeDir = nodeDir;
        this.nodeId = nodeId;
    }

    @Override
    public void bind(final Engine<?> engine)
    {
        this.engine = engine;
    }

    @Override
    public int doWork()
    {
        // Commands come from the cluster's callbacks, which step the engine themselves.
        return 0;
    }

    @Override
    public String roleName()
    {
        return "sequent-cluster-service";
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        engineContext.threadingMode(ThreadingMode.INVOKER).commandSource(this);
        Engine.launch(engineContext);
        invoker = engine.invoker();
        applied = AppliedPosition.open(nodeDir);
        if (applied.journalSequence() > engine.recoveryReport().lastSequence())
        {
            throw new IllegalStateException("node " + nodeId + ": its engine journal ends at sequence " +
                engine.recoveryReport().lastSequence() + " but it had applied the cluster log up to sequence " +
                applied.journalSequence() + ": the journal lost its tail. Remove this node's directory and start it " +
                "again: it catches up from the leader's log");
        }
        if (snapshotImage != null)
        {
            checkAgainstSnapshot(snapshotImage);
        }
        // Followers hear of no role change at start.
        role = cluster.role();
        LOG.info("cluster service started: member {}, role {}, engine at sequence {}, log applied to {}",
            nodeId, role, engine.recoveryReport().lastSequence(), applied.logPosition());
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        final long logPosition = cluster.logPosition();
        if (logPosition <= applied.logPosition())
        {
            // Replayed from before this node's last stop: its journal holds the command's events already.
            return;
        }
        if (length < COMMAND_HEADER_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != CommandHeaderDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != CommandHeaderDecoder.TEMPLATE_ID)
        {
            // Nothing else is applied through the log; a message of another kind changes nothing.
            return;
        }
        commandDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long correlationId = commandDecoder.correlationId();
        final int commandOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength();
        final int commandLength = length - (commandOffset - offset);
        target.session = session;
        target.answered = false;
        final long nanos = cluster.timeUnit().toNanos(timestamp);
        final long result = engine.offer(
            session.id(), clientId(session), correlationId, nanos, buffer, commandOffset, commandLength);
        if (result == Engine.TOO_LARGE)
        {
            sendResponse(session, correlationId, 0, nanos, RejectReason.MESSAGE_TOO_LARGE, 0, false, null, 0, 0);
        }
        else
        {
            awaitOutcome();
        }
        commandsApplied++;
        applied.update(logPosition, engine.lastSequence());
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication publication)
    {
        final long logPosition = cluster.logPosition();
        drain();
        engine.snapshot(snapshotImage);
        final long hash = engine.drainedStateHash();
        final java.nio.ByteBuffer bytes = snapshotImage.view();
        final int total = bytes.remaining();
        snapshotBuffer.putInt(0, SNAPSHOT_MAGIC, ByteOrder.LITTLE_ENDIAN);
        snapshotBuffer.putLong(4, logPosition, ByteOrder.LITTLE_ENDIAN);
        snapshotBuffer.putLong(12, snapshotImage.lastSequence(), ByteOrder.LITTLE_ENDIAN);
        snapshotBuffer.putLong(20, hash, ByteOrder.LITTLE_ENDIAN);
        snapshotBuffer.putInt(28, total, ByteOrder.LITTLE_ENDIAN);
        offerSnapshot(publication, snapshotBuffer, SNAPSHOT_HEADER_LENGTH);
        final UnsafeBuffer view = new UnsafeBuffer(bytes);
        for (int position = 0; position < total; position += SNAPSHOT_CHUNK)
        {
            final int chunk = Math.min(SNAPSHOT_CHUNK, total - position);
            snapshotBuffer.putBytes(0, view, position, chunk);
            offerSnapshot(publication, snapshotBuffer, chunk);
        }
        LOG.info("cluster snapshot at log position {}: engine sequence {}, {} bytes, hash {}",
            logPosition, snapshotImage.lastSequence(), total, Long.toHexString(hash));
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
        LOG.info("role now {}", newRole);
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        close();
    }

    /**
     * @return this node's role as the service last heard it (readable from any thread).
     */
    public Cluster.Role role()
    {
        return role;
    }

    /**
     * @return commands applied since start, replay included, skipped ones not (readable from any thread).
     */
    public long commandsApplied()
    {
        return commandsApplied;
    }

    /**
     * @return the engine, once started.
     */
    public Engine<?> engine()
    {
        return engine;
    }

    /**
     * Closes the engine (drained, journal and projections closed) and the applied marker; once the service's
     * thread has stopped or from it. Idempotent.
     *
     * @return the engine's state hash, or 0 when it never started.
     */
    public long close()
    {
        if (closed || engine == null)
        {
            return engine == null ? 0 : engine.stateHash();
        }
        closed = true;
        engine.close();
        CloseHelper.quietClose(applied);
        return engine.stateHash();
    }

    private void awaitOutcome()
    {
        // The responder is gated behind the journaler: an outcome means the command's events are journaled. The
        // read side may trail; it is drained before a snapshot and at close.
        while (!target.answered)
        {
            final Throwable failure = engine.failure();
            if (failure != null)
            {
                throw new IllegalStateException("the engine failed: the node stops rather than diverge", failure);
            }
            invoker.invoke();
            engine.responder().poll(responder);
        }
    }

    private void drain()
    {
        while (!engine.isDrained())
        {
            invoker.invoke();
            engine.responder().poll(responder);
        }
    }

    private boolean onOutcome(
        final long sessionId,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        return onOutcome(sessionId, correlationId, sequence, timestamp, reason, detail, duplicate, null, 0, 0);
    }

    private boolean onOutcome(
        final long sessionId,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate,
        final DirectBuffer result,
        final int resultOffset,
        final int resultLength)
    {
        sendResponse(target.session, correlationId, sequence, timestamp, reason, detail, duplicate, result,
            resultOffset, resultLength);
        target.answered = true;
        return true;
    }

    private void sendResponse(
        final ClientSession session,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate,
        final DirectBuffer result,
        final int resultOffset,
        final int resultLength)
    {
        final int length = responseWriter.write(sendBuffer, correlationId, sequence, timestamp, reason, detail,
            duplicate, result, resultOffset, resultLength);
        // Followers and replay get mocked sessions; only the leader's reach a client. A response that cannot go is
        // not lost for good: the client re-sends, and the ledger answers again.
        for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++)
        {
            final long position = session.offer(sendBuffer, 0, length);
            if (position > 0 || position == ClientSession.MOCKED_OFFER ||
                position == io.aeron.Publication.NOT_CONNECTED || position == io.aeron.Publication.CLOSED)
            {
                return;
            }
            cluster.idleStrategy().idle();
        }
    }

    private static long clientId(final ClientSession session)
    {
        final byte[] principal = session.encodedPrincipal();
        if (principal == null || principal.length < Long.BYTES)
        {
            // No authenticator (tests): the session stands for its client.
            return session.id();
        }
        return ClusterPrincipal.clientId(principal);
    }

    private void offerSnapshot(final ExclusivePublication publication, final DirectBuffer buffer, final int length)
    {
        final IdleStrategy idle = cluster.idleStrategy();
        while (true)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return;
            }
            if (result == io.aeron.Publication.CLOSED || result == io.aeron.Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("the snapshot publication refused the snapshot: " + result);
            }
            idle.idle();
        }
    }

    private void checkAgainstSnapshot(final Image image)
    {
        final SnapshotReader reader = new SnapshotReader();
        final IdleStrategy idle = cluster.idleStrategy();
        while (!reader.done)
        {
            final int fragments = image.poll(reader, 16);
            if (fragments == 0 && (image.isEndOfStream() || image.isClosed()) && !reader.done)
            {
                throw new IllegalStateException("the cluster snapshot ended before its " + reader.total +
                    " bytes had been read");
            }
            idle.idle(fragments);
        }
        final long engineSequence = engine.recoveryReport().lastSequence();
        if (engineSequence < reader.lastSequence || applied.logPosition() < reader.logPosition)
        {
            throw new IllegalStateException("node " + nodeId + ": the cluster snapshot covers the log " +
                "up to position " + reader.logPosition + " (engine sequence " + reader.lastSequence + ") but this " +
                "node's engine directory holds only sequence " + engineSequence + " (log position " +
                applied.logPosition() + "): it is not this node's, or the engine directory was replaced. Remove the " +
                "node's whole directory and start it again: it catches up from the leader's log");
        }
        if (engineSequence == reader.lastSequence && applied.logPosition() == reader.logPosition &&
            engine.drainedStateHash() != reader.stateHash)
        {
            throw new IllegalStateException(String.format("node %d: the engine recovered to state hash %016x but " +
                "the cluster snapshot at the same point records %016x: the engine directory belongs to another " +
                "cluster or a single node. Remove the node's directory and start it again", nodeId,
                engine.drainedStateHash(), reader.stateHash));
        }
        LOG.info("cluster snapshot at log position {} (engine sequence {}, {} bytes) checked: this node's engine " +
            "is at sequence {}", reader.logPosition, reader.lastSequence, reader.total, engineSequence);
    }

    /** Where the outcome of the command being applied goes. */
    private static final class ResponseTarget
    {
        ClientSession session;
        boolean answered;
    }

    /** Reads the snapshot's header, then its bytes. */
    private static final class SnapshotReader implements io.aeron.logbuffer.FragmentHandler
    {
        long logPosition;
        long lastSequence;
        long stateHash;
        int total = -1;
        byte[] bytes;
        int read;
        boolean done;

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (total < 0)
            {
                if (length != SNAPSHOT_HEADER_LENGTH ||
                    buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) != SNAPSHOT_MAGIC)
                {
                    throw new IllegalStateException("the cluster snapshot is not a Sequent service's snapshot");
                }
                logPosition = buffer.getLong(offset + 4, ByteOrder.LITTLE_ENDIAN);
                lastSequence = buffer.getLong(offset + 12, ByteOrder.LITTLE_ENDIAN);
                stateHash = buffer.getLong(offset + 20, ByteOrder.LITTLE_ENDIAN);
                total = buffer.getInt(offset + 28, ByteOrder.LITTLE_ENDIAN);
                bytes = new byte[total];
                done = total == 0;
                return;
            }
            buffer.getBytes(offset, bytes, read, length);
            read += length;
            done = read >= total;
        }
    }
}
