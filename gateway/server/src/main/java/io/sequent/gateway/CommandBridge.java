package io.sequent.gateway;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.CommandSink;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commands from a face other than Aeron (the HTTP face) into the engine's command path: any thread submits, the
 * gateway agent offers them to the command ring on its own thread (it stays the ring's one offering thread) and
 * routes their outcomes back. Each submission gets a session id of its own below zero, where no Aeron session is,
 * so its outcome finds it; the command keeps its client id and correlation id, so the sequencer's ledger answers a
 * re-sent command (over HTTP or Aeron alike) as a duplicate with its first outcome.
 * <p>
 * Not on the Aeron path's hot loop: a submission and its outcome allocate (they come from HTTP requests that
 * allocate far more). Back-pressure: a full command ring leaves the submission queued for the next duty cycle; a full
 * queue refuses the submission at once, for the caller to answer "try later".
 */
public final class CommandBridge
{
    /** Submissions waiting for the gateway agent at most; more are refused. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final ManyToOneConcurrentArrayQueue<Submission> queue;
    private final Long2ObjectHashMap<Submission> inFlight = new Long2ObjectHashMap<>();
    private final AtomicLong nextSessionId = new AtomicLong(-1);
    private Submission backPressured;
    private volatile boolean closed;

    /**
     * @param capacity submissions waiting for the gateway agent at most.
     */
    public CommandBridge(final int capacity)
    {
        this.queue = new ManyToOneConcurrentArrayQueue<>(capacity);
    }

    /**
     * The outcome of a bridged command, as the engine's responder gave it.
     *
     * @param sequence  journal sequence of the command's record (0 when it never reached the sequencer).
     * @param timestamp the sequencer's time of the command, epoch nanoseconds.
     * @param reason    {@link RejectReason#NONE} when accepted, else the reject reason code.
     * @param detail    the reason's detail (a current version, say), 0 when none.
     * @param duplicate whether the ledger answered it as a re-sent command.
     * @param result    the domain's result message (SBE header and body), empty when none.
     */
    public record Outcome(long sequence, long timestamp, int reason, long detail, boolean duplicate, byte[] result)
    {
    }

    /**
     * @param clientId      the authenticated client.
     * @param correlationId the client's id for the command: with the client id, what makes it idempotent.
     * @param command       the command, SBE header and body.
     * @return the outcome to come, or null when the queue is full or the bridge closed (try later).
     */
    public CompletableFuture<Outcome> submit(final long clientId, final long correlationId, final byte[] command)
    {
        if (closed)
        {
            return null;
        }
        final Submission submission =
            new Submission(nextSessionId.getAndDecrement(), clientId, correlationId, command);
        return queue.offer(submission) ? submission.outcome : null;
    }

    /**
     * @return submissions waiting for the gateway agent.
     */
    public int queued()
    {
        return queue.size() + (backPressured != null ? 1 : 0);
    }

    /**
     * Offers waiting submissions to the command ring; on the gateway agent's thread.
     *
     * @param sink     the engine.
     * @param counters where the gateway counts commands received, too large and back-pressure.
     * @return submissions offered.
     */
    int drain(final CommandSink sink, final GatewayCounters counters)
    {
        int work = 0;
        while (true)
        {
            final Submission next = backPressured != null ? backPressured : queue.poll();
            if (next == null)
            {
                return work;
            }
            final DirectBuffer command = next.buffer;
            final long result = sink.offer(next.sessionId, next.clientId, next.correlationId,
                CommandSink.SEQUENCER_TIME, command, 0, command.capacity());
            if (result == CommandSink.BACK_PRESSURED)
            {
                backPressured = next;
                counters.backPressured().increment();
                return work;
            }
            backPressured = null;
            counters.commandsReceived().increment();
            work++;
            if (result == CommandSink.TOO_LARGE)
            {
                counters.tooLarge().increment();
                counters.rejected(RejectReason.MESSAGE_TOO_LARGE);
                next.outcome.complete(new Outcome(0, 0, RejectReason.MESSAGE_TOO_LARGE, 0, false, new byte[0]));
            }
            else
            {
                inFlight.put(next.sessionId, next);
            }
        }
    }

    /**
     * @param sessionId an outcome's session id.
     * @return whether it belongs to a bridged command (below zero).
     */
    static boolean isBridged(final long sessionId)
    {
        return sessionId < 0;
    }

    /**
     * Completes a bridged command with its outcome; on the gateway agent's thread.
     *
     * @return false when no submission waits for it (answered before, say).
     */
    boolean onOutcome(
        final long sessionId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate,
        final DirectBuffer result,
        final int resultOffset,
        final int resultLength)
    {
        final Submission submission = inFlight.remove(sessionId);
        if (submission == null)
        {
            return false;
        }
        final byte[] bytes = new byte[result == null ? 0 : resultLength];
        if (bytes.length > 0)
        {
            result.getBytes(resultOffset, bytes);
        }
        submission.outcome.complete(new Outcome(sequence, timestamp, reason, detail, duplicate, bytes));
        return true;
    }

    /**
     * Fails every submission still waiting, and refuses new ones; on the gateway agent's thread when it closes.
     *
     * @param why the failure's message.
     */
    void closeAll(final String why)
    {
        closed = true;
        final IllegalStateException failure = new IllegalStateException(why);
        if (backPressured != null)
        {
            backPressured.outcome.completeExceptionally(failure);
            backPressured = null;
        }
        Submission next;
        while ((next = queue.poll()) != null)
        {
            next.outcome.completeExceptionally(failure);
        }
        for (final Submission submission : inFlight.values())
        {
            submission.outcome.completeExceptionally(failure);
        }
        inFlight.clear();
    }

    private static final class Submission
    {
        final long sessionId;
        final long clientId;
        final long correlationId;
        final DirectBuffer buffer;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

        Submission(final long sessionId, final long clientId, final long correlationId, final byte[] command)
        {
            this.sessionId = sessionId;
            this.clientId = clientId;
            this.correlationId = correlationId;
            this.buffer = new UnsafeBuffer(command);
        }
    }
}
