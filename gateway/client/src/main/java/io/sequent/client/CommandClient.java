package io.sequent.client;

import org.agrona.DirectBuffer;

import java.time.Duration;

/**
 * The calls an application sends commands through, the same in both modes: {@link SequentClient} to a single node,
 * {@code io.sequent.client.cluster.SequentClusterClient} (artifact {@code sequent-cluster-client}) to a cluster.
 * Either keeps every command until its response arrives and sends the unanswered ones again after a lost connection
 * or a failover; the engine's dedup ledger applies each (client id, correlation id) once. One thread calls all
 * methods; responses reach the {@link ResponseListener} inside {@link #poll()}.
 */
public interface CommandClient extends AutoCloseable
{
    /** {@link #offer} result: pushed back; poll, then offer again. */
    long BACK_PRESSURED = SequentClient.BACK_PRESSURED;
    /** {@link #offer} result: no session or leader now; poll, then offer again. */
    long NOT_CONNECTED = SequentClient.NOT_CONNECTED;
    /** {@link #offer} result: closed. */
    long CLOSED = SequentClient.CLOSED;
    /** {@link #offer} result: the command is larger than the client takes. */
    long TOO_LARGE = SequentClient.TOO_LARGE;

    /**
     * @return a correlation id not used before by this client.
     */
    long nextCorrelationId();

    /**
     * Sends one command without blocking and keeps a copy until its response arrives.
     *
     * @param correlationId the client's id for the command.
     * @param command       buffer holding the domain command (its SBE header and body).
     * @param offset        of the command.
     * @param length        of the command.
     * @return a positive position when sent, else {@link #BACK_PRESSURED}, {@link #NOT_CONNECTED},
     *         {@link #TOO_LARGE} or {@link #CLOSED}.
     */
    long offer(long correlationId, DirectBuffer command, int offset, int length);

    /**
     * Delivers responses, keeps the session alive, reconnects or follows a new leader, and re-sends.
     *
     * @return work done.
     */
    int poll();

    /**
     * Sends a command and waits for its outcome, polling meanwhile.
     *
     * @param command buffer holding the domain command.
     * @param offset  of the command.
     * @param length  of the command.
     * @param timeout how long to wait.
     * @return the outcome.
     * @throws SequentClientException when none arrives in time.
     */
    CommandResult send(DirectBuffer command, int offset, int length, Duration timeout);

    /**
     * @return commands sent and not yet answered.
     */
    int inFlight();

    /**
     * @return commands sent again after a lost connection or a failover.
     */
    long resent();

    /**
     * @return sessions opened after a lost one.
     */
    long reconnects();

    /**
     * Closes the session and the client's resources; unanswered commands are not sent again.
     */
    @Override
    void close();
}
