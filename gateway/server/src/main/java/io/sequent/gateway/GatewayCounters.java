package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.sequent.codecs.RejectReason;
import io.sequent.engine.EnginePositions;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.function.IntFunction;

/**
 * The gateway's counters, kept in Aeron's counters file so tools outside the process can read them
 * (for example {@code AeronStat} on the driver directory). Written by the gateway agent only.
 */
public final class GatewayCounters implements AutoCloseable
{
    /** Counter type id of every Sequent gateway counter. */
    public static final int TYPE_ID = 4100;

    private final Counter commandsReceived;
    private final Counter commandsAccepted;
    private final Counter commandsRejected;
    private final Counter malformedDropped;
    private final Counter unknownSessionDropped;
    private final Counter tooLarge;
    private final Counter backPressured;
    private final Counter sessionsOpen;
    private final Counter sessionsRefused;
    private final Counter responsesDropped;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter queriesAnswered;
    private final Counter queriesNotYet;
    private final Counter notPermitted;
    private final Counter forgedFrames;
    private final Counter subscriptionsOpen;
    private final Counter subscriptionsRefused;
    private final Counter subscriptionsDropped;
    private final Counter subscriptionEvents;
    private final Counter sequencerPosition;
    private final Counter journalPosition;
    private final Counter projectedPosition;
    private final Counter projectionLag;
    private final Aeron aeron;
    private final IntFunction<String> reasonNames;
    private final Int2ObjectHashMap<Counter> rejectedByReason = new Int2ObjectHashMap<>();

    // Sessions and bad input (the "sessions" block): each bad frame counts once under its reason.
    private final Counter unknownTemplate;
    private final Counter wrongSchema;
    private final Counter unsupportedVersion;
    private final Counter frameTooLarge;
    private final Counter unauthenticated;
    private final Counter framesUnanswered;
    private final Counter authenticationFailures;
    private final Counter sessionsTimedOut;

    GatewayCounters(final Aeron aeron, final IntFunction<String> reasonNames)
    {
        this.aeron = aeron;
        this.reasonNames = reasonNames;
        bytesIn = aeron.addCounter(TYPE_ID, "sequent: bytes in");
        bytesOut = aeron.addCounter(TYPE_ID, "sequent: bytes out");
        queriesAnswered = aeron.addCounter(TYPE_ID, "sequent: queries answered");
        queriesNotYet = aeron.addCounter(TYPE_ID, "sequent: queries answered NOT_YET");
        sequencerPosition = aeron.addCounter(TYPE_ID, "sequent: sequencer position, commands sequenced");
        journalPosition = aeron.addCounter(TYPE_ID, "sequent: journal position, last journaled sequence");
        projectedPosition = aeron.addCounter(TYPE_ID, "sequent: projection position, last projected sequence");
        projectionLag = aeron.addCounter(TYPE_ID, "sequent: projection lag, journaled - projected sequence");
        commandsReceived = aeron.addCounter(TYPE_ID, "sequent: commands received");
        commandsAccepted = aeron.addCounter(TYPE_ID, "sequent: commands accepted");
        commandsRejected = aeron.addCounter(TYPE_ID, "sequent: commands rejected");
        malformedDropped = aeron.addCounter(TYPE_ID, "sequent: frames rejected, malformed");
        unknownSessionDropped = aeron.addCounter(TYPE_ID, "sequent: frames rejected, no such session");
        tooLarge = aeron.addCounter(TYPE_ID, "sequent: commands rejected, too large");
        backPressured = aeron.addCounter(TYPE_ID, "sequent: ingress back-pressure events");
        sessionsOpen = aeron.addCounter(TYPE_ID, "sequent: sessions open");
        sessionsRefused = aeron.addCounter(TYPE_ID, "sequent: sessions refused");
        responsesDropped = aeron.addCounter(TYPE_ID, "sequent: responses dropped, client gone or stuck");

        unknownTemplate = aeron.addCounter(TYPE_ID, "sequent: frames rejected, unknown template");
        wrongSchema = aeron.addCounter(TYPE_ID, "sequent: frames rejected, wrong schema id");
        unsupportedVersion = aeron.addCounter(TYPE_ID, "sequent: frames rejected, unsupported protocol version");
        frameTooLarge = aeron.addCounter(TYPE_ID, "sequent: frames rejected, too large");
        unauthenticated = aeron.addCounter(TYPE_ID, "sequent: commands rejected, session not authenticated");
        framesUnanswered = aeron.addCounter(TYPE_ID, "sequent: bad frames dropped, no session to answer on");
        authenticationFailures = aeron.addCounter(TYPE_ID, "sequent: authentication failures");
        sessionsTimedOut = aeron.addCounter(TYPE_ID, "sequent: sessions closed, timed out");
        notPermitted = aeron.addCounter(TYPE_ID, "sequent: commands rejected, role not permitted");
        forgedFrames = aeron.addCounter(TYPE_ID, "sequent: frames dropped, wrong session token");
        subscriptionsOpen = aeron.addCounter(TYPE_ID, "sequent: subscriptions open");
        subscriptionsRefused = aeron.addCounter(TYPE_ID, "sequent: subscriptions refused");
        subscriptionsDropped = aeron.addCounter(TYPE_ID, "sequent: subscriptions dropped, slow consumer");
        subscriptionEvents = aeron.addCounter(TYPE_ID, "sequent: subscription events sent");
    }

    /**
     * @param reason a gateway reason for a bad frame ({@link RejectReason} 40-59, or
     *               {@link RejectReason#UNKNOWN_SESSION}).
     * @return the counter of frames rejected for it.
     */
    public Counter frameRejected(final int reason)
    {
        return switch (reason)
        {
            case RejectReason.MALFORMED_FRAME -> malformedDropped;
            case RejectReason.UNKNOWN_SESSION -> unknownSessionDropped;
            case RejectReason.UNKNOWN_TEMPLATE -> unknownTemplate;
            case RejectReason.WRONG_PROTOCOL_SCHEMA -> wrongSchema;
            case RejectReason.UNSUPPORTED_PROTOCOL_VERSION -> unsupportedVersion;
            case RejectReason.FRAME_TOO_LARGE -> frameTooLarge;
            case RejectReason.UNAUTHENTICATED -> unauthenticated;
            case RejectReason.NOT_PERMITTED -> notPermitted;
            default -> throw new IllegalArgumentException("not a frame reason: " + RejectReason.name(reason));
        };
    }

    /** @return bad frames (of any reason) dropped because their sender had no session to answer on. */
    public Counter framesUnanswered()
    {
        return framesUnanswered;
    }

    /** @return challenge responses whose proof did not match the client's secret. */
    public Counter authenticationFailures()
    {
        return authenticationFailures;
    }

    /** @return open sessions closed because nothing was heard from them for the session timeout. */
    public Counter sessionsTimedOut()
    {
        return sessionsTimedOut;
    }

    /** @return commands taken off the ingress, valid or not. */
    public Counter commandsReceived()
    {
        return commandsReceived;
    }

    /** @return commands whose outcome was accepted. */
    public Counter commandsAccepted()
    {
        return commandsAccepted;
    }

    /** @return commands whose outcome was a rejection, for any reason. */
    public Counter commandsRejected()
    {
        return commandsRejected;
    }

    /** @return frames rejected as malformed: shorter than their header or the block it announces. */
    public Counter malformedDropped()
    {
        return malformedDropped;
    }

    /** @return frames that named no session of their sender (answered when the sender has another). */
    public Counter unknownSessionDropped()
    {
        return unknownSessionDropped;
    }

    /** @return commands rejected as larger than a command slot. */
    public Counter tooLarge()
    {
        return tooLarge;
    }

    /** @return times the ingress stopped because the command ring was full. */
    public Counter backPressured()
    {
        return backPressured;
    }

    /** @return sessions now open. */
    public Counter sessionsOpen()
    {
        return sessionsOpen;
    }

    /** @return connect requests refused. */
    public Counter sessionsRefused()
    {
        return sessionsRefused;
    }

    /** @return responses that could not be delivered. */
    public Counter responsesDropped()
    {
        return responsesDropped;
    }

    /** @return bytes taken off the ingress, every frame counted. */
    public Counter bytesIn()
    {
        return bytesIn;
    }

    /** @return bytes sent to clients' egress publications. */
    public Counter bytesOut()
    {
        return bytesOut;
    }

    /** @return frames that named an open session without its token: another sender reusing its session id. */
    public Counter forgedFrames()
    {
        return forgedFrames;
    }

    /** @return subscriptions open now. */
    public Counter subscriptionsOpen()
    {
        return subscriptionsOpen;
    }

    /** @return subscriptions refused (see their reasons in the client's status messages). */
    public Counter subscriptionsRefused()
    {
        return subscriptionsRefused;
    }

    /** @return subscriptions dropped because their client did not take events. */
    public Counter subscriptionsDropped()
    {
        return subscriptionsDropped;
    }

    /** @return events sent to subscribers. */
    public Counter subscriptionEvents()
    {
        return subscriptionEvents;
    }

    /** @return queries answered, whatever the status. */
    public Counter queriesAnswered()
    {
        return queriesAnswered;
    }

    /** @return queries answered NOT_YET: the projection had not reached the sequence asked for. */
    public Counter queriesNotYet()
    {
        return queriesNotYet;
    }

    /** @return commands the sequencer has handled since the engine started. */
    public Counter sequencerPosition()
    {
        return sequencerPosition;
    }

    /** @return journal sequence of the last event known journaled (the highest a response carried, or recovery's). */
    public Counter journalPosition()
    {
        return journalPosition;
    }

    /** @return journal sequence of the last event every projection applied. */
    public Counter projectedPosition()
    {
        return projectedPosition;
    }

    /** @return events journaled and not yet projected. */
    public Counter projectionLag()
    {
        return projectionLag;
    }

    /**
     * Counts one rejection under its reason, creating that reason's counter the first time it is seen (the only
     * allocation, once per reason).
     *
     * @param reason the reject reason code.
     */
    public void rejected(final int reason)
    {
        commandsRejected.increment();
        Counter counter = rejectedByReason.get(reason);
        if (counter == null)
        {
            counter = aeron.addCounter(TYPE_ID, "sequent: commands rejected, " + reasonNames.apply(reason) +
                " (" + reason + ")");
            rejectedByReason.put(reason, counter);
        }
        counter.increment();
    }

    /**
     * @param reason a reject reason code.
     * @return its counter, or null when that reason has not been seen.
     */
    public Counter rejectedBy(final int reason)
    {
        return rejectedByReason.get(reason);
    }

    /**
     * Copies the engine's positions into the counters; called by the gateway agent's housekeeping, so engine
     * threads never touch Aeron.
     *
     * @param positions         the engine's.
     * @param journaledSequence the last journal sequence known written.
     */
    void copyPositions(final EnginePositions positions, final long journaledSequence)
    {
        final long projected = positions.projectedSequence();
        sequencerPosition.setRelease(positions.commandsSequenced());
        journalPosition.setRelease(journaledSequence);
        projectedPosition.setRelease(projected);
        projectionLag.setRelease(Math.max(0, journaledSequence - projected));
    }

    /**
     * @return the totals a person wants when the server closes, in one line.
     */
    public String summary()
    {
        return "received " + commandsReceived.get() + ", accepted " + commandsAccepted.get() +
            ", rejected " + commandsRejected.get() + ", malformed " + malformedDropped.get() +
            ", no session " + unknownSessionDropped.get() + ", too large " + tooLarge.get() +
            ", back-pressure " + backPressured.get() + ", responses dropped " + responsesDropped.get() +
            "; sessions: refused " + sessionsRefused.get() + ", timed out " + sessionsTimedOut.get() +
            ", authentication failures " + authenticationFailures.get() +
            "; bad frames dropped unanswered " + framesUnanswered.get();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(commandsReceived, commandsAccepted, commandsRejected, malformedDropped,
            unknownSessionDropped, tooLarge, backPressured, sessionsOpen, sessionsRefused, responsesDropped,
            bytesIn, bytesOut, queriesAnswered, queriesNotYet, sequencerPosition, journalPosition,
            projectedPosition, projectionLag);
        CloseHelper.closeAll(unknownTemplate, wrongSchema, unsupportedVersion, frameTooLarge, unauthenticated,
            framesUnanswered, authenticationFailures, sessionsTimedOut);
        CloseHelper.closeAll(notPermitted, forgedFrames, subscriptionsOpen, subscriptionsRefused, subscriptionsDropped,
            subscriptionEvents);
        CloseHelper.closeAll(rejectedByReason.values());
    }
}
