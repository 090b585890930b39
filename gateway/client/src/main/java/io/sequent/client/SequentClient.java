package io.sequent.client;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.exceptions.DriverTimeoutException;
import io.sequent.codecs.session.SessionReason;
import io.sequent.codecs.session.SubscriptionScope;
import org.agrona.DirectBuffer;

import java.time.Duration;

/**
 * A connection to a Sequent server over Aeron: opens an authenticated session, sends commands, delivers their
 * outcomes, and survives lost connections.
 * <p>
 * Opening a session: the client sends {@code Connect} with its client id and egress channel, the server answers
 * with a random challenge, the client answers with HMAC-SHA256 of it under its secret (the secret never travels),
 * and the server opens the session or refuses it with a {@link SessionReason}.
 * <p>
 * Lost connections: every command sent is kept (a copy of its bytes, in a preallocated window) until its outcome
 * arrives. When the connection is lost (the server closed the session, stopped receiving, or fell silent past the
 * liveness timeout) {@link #poll()} reconnects with back-off, as the same client id, and sends every unanswered
 * command again, in order, before taking new ones. The server applies each (client id, correlation id) once: a
 * command it had already applied is answered with its original outcome, flagged {@code duplicate}. Correlation ids
 * start from the wall clock, so they stay unique across restarts of the client.
 * <p>
 * Back-pressure: {@link #offer} never blocks; it returns {@link #BACK_PRESSURED} when the server or the network
 * pushes back or the window of unanswered commands is full, and {@link #NOT_CONNECTED} while reconnecting. Poll,
 * then offer again.
 * <p>
 * Threads: a client is not thread-safe; one thread at a time calls all of its methods, and that thread does all of
 * the client's work: there is no background thread. The {@link ResponseListener} and {@link QueryListener} are
 * called back on the thread that calls {@link #poll()}, from inside that call (or inside {@link #send},
 * {@link #query} and {@link #queryAtLeast}, which poll while they wait); nothing is delivered, kept alive or
 * reconnected between polls, so poll often (well within the keepalive interval). The buffer a listener is given
 * is valid only during the call. {@link #offer} and {@link #poll()} allocate nothing while connected;
 * {@link #send} and {@link #query} are blocking conveniences for scripts and tests.
 * <pre>{@code
 * try (SequentClient client = SequentClient.connect(new ClientContext()
 *     .aeronDirectoryName(dir).ingressChannel("aeron:udp?endpoint=localhost:40123")
 *     .clientId(7).secretHex("5f1c...")))
 * {
 *     CommandResult result = client.send(buffer, 0, length, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class SequentClient implements CommandClient
{
    /** {@link #offer} result: not sent now, because the server, the network or a full window pushes back. */
    public static final long BACK_PRESSURED = Publication.BACK_PRESSURED;
    /** {@link #offer} result: no session now; the client is reconnecting in {@link #poll()}. Try again. */
    public static final long NOT_CONNECTED = Publication.NOT_CONNECTED;
    /** {@link #offer} result: the client is closed, or the server refused it for good ({@link #closeReason()}). */
    public static final long CLOSED = Publication.CLOSED;
    /** {@link #offer} result: the command is larger than {@link ClientContext#maxCommandLength()}; it is not sent. */
    public static final long TOO_LARGE = -10;

    /** Where a client is with its connection. */
    public enum State
    {
        /** Waiting to try (again) after a lost connection or failed attempt. */
        DISCONNECTED,
        /** Ingress and egress created; waiting for them to connect. */
        AWAITING_CHANNELS,
        /** Connect sent; waiting for the challenge, then the session. */
        AWAITING_SESSION,
        /** Session open; sending the unanswered commands again. */
        RESENDING,
        /** Session open: commands are taken. */
        CONNECTED,
        /** Closed by the application, or refused for good by the server. */
        CLOSED
    }

    private final Aeron aeron;
    private final boolean ownsAeron;
    private final InFlightWindow window;
    private final Liveness liveness;
    private final CorrelationIds correlationIds = new CorrelationIds();
    private final ClientSubscriptions subscriptions = new ClientSubscriptions();
    private final ServerConnection connection;
    private final EgressAdapter egressAdapter;
    private final BlockingCalls blockingCalls;

    private SequentClient(final ClientContext ctx)
    {
        this.ownsAeron = ctx.aeron() == null;
        this.aeron = ownsAeron ? connectToDriver(ctx.aeronDirectoryName()) : ctx.aeron();
        this.window = new InFlightWindow(ctx.inFlightWindow(), ctx.maxCommandLength());
        this.liveness = new Liveness(ctx.keepaliveInterval(), ctx.livenessTimeout());
        this.connection = new ServerConnection(ctx, aeron, window, liveness, correlationIds, subscriptions);
        this.egressAdapter = new EgressAdapter(
            connection, window, liveness, ctx.responseListener(), ctx.queryListener(), subscriptions);
        this.blockingCalls = new BlockingCalls(this, connection, egressAdapter, ctx);
    }

    private static Aeron connectToDriver(final String aeronDir)
    {
        try
        {
            return Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        }
        catch (final DriverTimeoutException ex)
        {
            // Aeron's own words name a file; say what it means for a Sequent client and what to do.
            throw new SequentClientException("no Aeron media driver is running in " + aeronDir + " (" +
                ex.getMessage() + "): start the server there (`sequent server` runs one, embedded), or point the " +
                "client at the server's driver directory with aeron.dir (ClientContext.aeronDirectoryName, " +
                "--aeron-dir), which the server prints at start as aeronDir=...", ex);
        }
    }

    /**
     * Connects to a server and opens a session, waiting up to the context's connect timeout.
     *
     * @param ctx configuration; {@link ClientContext#conclude()} is called here.
     * @return the connected client.
     * @throws SequentClientException when no media driver runs in the context's Aeron directory, no server answers
     *                                in time, or it refuses the session (with the reason).
     */
    public static SequentClient connect(final ClientContext ctx)
    {
        ctx.conclude();
        final SequentClient client = new SequentClient(ctx);
        try
        {
            client.blockingCalls.awaitFirstSession(ctx.connectTimeout(), ctx.ingressChannel());
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    /**
     * @return a correlation id not used before by this client (nor, the clock permitting, by an earlier run of it).
     */
    @Override
    public long nextCorrelationId()
    {
        return correlationIds.next();
    }

    /**
     * @return the session id the server gave this client; it changes when the client reconnects.
     */
    public long sessionId()
    {
        return connection.sessionId();
    }

    /**
     * @return where the client is with its connection.
     */
    public State state()
    {
        return connection.state();
    }

    /**
     * @return why the server refused or closed the session last ({@link SessionReason#NONE} when it never did).
     */
    public SessionReason closeReason()
    {
        return connection.closeReason();
    }

    /**
     * @return what went wrong last with the connection, for people; empty when nothing did.
     */
    public String lastProblem()
    {
        return connection.lastProblem();
    }

    /**
     * @return sessions opened after a lost connection.
     */
    @Override
    public long reconnects()
    {
        return connection.reconnects();
    }

    /**
     * @return commands sent again after reconnecting.
     */
    @Override
    public long resent()
    {
        return connection.resent();
    }

    /**
     * @return commands sent and not yet answered.
     */
    @Override
    public int inFlight()
    {
        return window.size();
    }

    /**
     * Sends one command without blocking and keeps a copy until its outcome arrives (through the
     * {@link ResponseListener}, in a later {@link #poll()}).
     *
     * @param correlationId the client's id for the command, echoed in its response; see {@link #nextCorrelationId()}.
     * @param command       buffer holding the domain command (its SBE header and body).
     * @param offset        of the command.
     * @param length        of the command.
     * @return a positive position when sent; else {@link #BACK_PRESSURED} (the server, the network or the window of
     *         unanswered commands pushes back: poll, then try again), {@link #NOT_CONNECTED} (reconnecting: poll,
     *         then try again), {@link #TOO_LARGE} or {@link #CLOSED}.
     */
    @Override
    public long offer(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        final State state = connection.state();
        if (state != State.CONNECTED)
        {
            return state == State.CLOSED ? CLOSED : NOT_CONNECTED;
        }
        if (!window.fits(length))
        {
            return TOO_LARGE;
        }
        // The same correlation id again is the application re-sending by hand: sent, not held twice.
        final boolean held = window.contains(correlationId);
        if (!held && window.isFull())
        {
            return BACK_PRESSURED;
        }
        final long result = connection.offerCommand(correlationId, command, offset, length);
        if (result > 0)
        {
            if (!held)
            {
                window.add(correlationId, command, offset, length);
            }
            liveness.onCommandSent();
            return result;
        }
        if (ServerConnection.isConnectionLost(result))
        {
            connection.lose("the server stopped receiving (ingress " + Publication.errorString(result) + ")");
            return NOT_CONNECTED;
        }
        return BACK_PRESSURED;
    }

    /**
     * Sends one query without blocking; the gateway answers it from the read models (never through the engine's
     * sequencer), and the answer arrives through the {@link QueryListener} in a later {@link #poll()}.
     *
     * @param correlationId the client's id for the query, echoed in its answer.
     * @param minSequence   answer only from a read model at or past this journal sequence, e.g. the sequence of
     *                      this client's own write (0: any); else the answer is NOT_YET.
     * @param query         buffer holding the domain's query (its SBE header and body).
     * @param offset        of the query.
     * @param length        of the query.
     * @return a positive position when sent; else {@link #NOT_CONNECTED} while reconnecting, {@link #CLOSED}, or an
     *         Aeron {@link Publication} code such as {@link #BACK_PRESSURED} (poll, then try again). Queries are not
     *         kept for re-sending: ask again after a reconnect.
     */
    public long offerQuery(
        final long correlationId, final long minSequence, final DirectBuffer query, final int offset, final int length)
    {
        final State state = connection.state();
        if (state != State.CONNECTED)
        {
            return state == State.CLOSED ? CLOSED : NOT_CONNECTED;
        }
        return connection.offerQuery(correlationId, minSequence, query, offset, length);
    }

    /**
     * Subscribes to the journal's events from a sequence on: first those already journaled, then live, in order,
     * with no gap and no duplicate, delivered to the listener in {@link #poll()}. The client keeps its place: after
     * a lost connection, a server restart or a drop for a slow consumer it subscribes again from the sequence after
     * the last event delivered. Sent now when connected, else when the session opens.
     *
     * @param fromSequence first journal sequence wanted: 1 (or 0) from the start of what the journal keeps, a
     *                     sequence remembered from an earlier run, or -1 for what comes next.
     * @param scope        ALL (every event; needs the read role), OWN (the client's own aggregates: its execution
     *                     reports) or MARKET (the domain's public view).
     * @param key          the domain's filter within the scope (e.g. an instrument for MARKET), 0 for all.
     * @param listener     receives the events and the subscription's status.
     * @return the subscription's id (positive), or a negative Aeron {@link Publication} code when it could not be
     *         sent now (it stays registered and goes with the next poll), or {@link #CLOSED}.
     */
    public long subscribe(
        final long fromSequence, final SubscriptionScope scope, final long key, final SubscriptionListener listener)
    {
        if (fromSequence < -1)
        {
            throw new IllegalArgumentException("fromSequence is a journal sequence, 0 or -1: " + fromSequence);
        }
        if (connection.state() == State.CLOSED)
        {
            return CLOSED;
        }
        final long id = correlationIds.next();
        subscriptions.add(id, fromSequence, scope, key, listener);
        if (connection.state() == State.CONNECTED)
        {
            connection.sendSubscriptions();
        }
        return id;
    }

    /**
     * Ends a subscription; its listener hears ENDED once the server has stopped it.
     *
     * @param subscriptionId what {@link #subscribe} returned.
     * @return the {@link Publication} offer result, or {@link #NOT_CONNECTED} (it is forgotten and not resent).
     */
    public long unsubscribe(final long subscriptionId)
    {
        if (!subscriptions.contains(subscriptionId))
        {
            throw new IllegalArgumentException("no subscription " + subscriptionId);
        }
        if (connection.state() != State.CONNECTED)
        {
            subscriptions.remove(subscriptionId);
            return NOT_CONNECTED;
        }
        return connection.offerUnsubscribe(subscriptionId);
    }

    /**
     * Delivers the responses and answers that have arrived to the listeners; sends a keepalive when the client has
     * been idle; notices a lost connection and reconnects, then sends the unanswered commands again. The listeners
     * are called on the calling thread, from inside this call.
     *
     * @return work done (fragments read, messages sent).
     */
    @Override
    public int poll()
    {
        final int work = egressAdapter.poll(connection.egress());
        return work + connection.doWork(System.nanoTime());
    }

    /**
     * Sends a command and waits for its outcome, polling meanwhile; other outcomes that arrive meanwhile go to the
     * listener. Survives a lost connection within the timeout like {@link #offer} does.
     *
     * @param command buffer holding the domain command.
     * @param offset  of the command.
     * @param length  of the command.
     * @param timeout how long to wait.
     * @return the outcome.
     * @throws SequentClientException when no outcome arrives in time, or the client is closed.
     */
    @Override
    public CommandResult send(final DirectBuffer command, final int offset, final int length, final Duration timeout)
    {
        return blockingCalls.send(command, offset, length, timeout);
    }

    /**
     * Sends a query and waits for its answer, whatever its status, polling meanwhile; answers to other queries and
     * command outcomes that arrive meanwhile go to the listeners.
     *
     * @param query       buffer holding the domain's query.
     * @param offset      of the query.
     * @param length      of the query.
     * @param minSequence see {@link #offerQuery}.
     * @param timeout     how long to wait.
     * @return the answer, its result copied.
     * @throws SequentClientException when no answer arrives in time.
     */
    public QueryResult query(
        final DirectBuffer query, final int offset, final int length, final long minSequence, final Duration timeout)
    {
        return blockingCalls.query(query, offset, length, minSequence, timeout);
    }

    /**
     * Read-your-writes: queries until the read model has reached {@code sequence} (for instance the sequence of the
     * response to this client's own command), asking again after a short pause on each NOT_YET.
     *
     * @param query    buffer holding the domain's query.
     * @param offset   of the query.
     * @param length   of the query.
     * @param sequence the journal sequence the answer must reflect.
     * @param timeout  how long to keep asking.
     * @return the first answer other than NOT_YET.
     * @throws SequentClientException when the read model has not reached {@code sequence} in time.
     */
    public QueryResult queryAtLeast(
        final DirectBuffer query, final int offset, final int length, final long sequence, final Duration timeout)
    {
        return blockingCalls.queryAtLeast(query, offset, length, sequence, timeout);
    }

    /**
     * Closes the session (telling the server when it can) and the client's Aeron resources. Commands not yet
     * answered are not sent again.
     */
    @Override
    public void close()
    {
        connection.close();
        if (ownsAeron)
        {
            aeron.close();
        }
    }
}
