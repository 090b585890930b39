package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;

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

    GatewayCounters(final Aeron aeron)
    {
        commandsReceived = aeron.addCounter(TYPE_ID, "sequent: commands received");
        commandsAccepted = aeron.addCounter(TYPE_ID, "sequent: commands accepted");
        commandsRejected = aeron.addCounter(TYPE_ID, "sequent: commands rejected");
        malformedDropped = aeron.addCounter(TYPE_ID, "sequent: frames dropped, malformed or foreign");
        unknownSessionDropped = aeron.addCounter(TYPE_ID, "sequent: frames dropped, no such session");
        tooLarge = aeron.addCounter(TYPE_ID, "sequent: commands rejected, too large");
        backPressured = aeron.addCounter(TYPE_ID, "sequent: ingress back-pressure events");
        sessionsOpen = aeron.addCounter(TYPE_ID, "sequent: sessions open");
        sessionsRefused = aeron.addCounter(TYPE_ID, "sequent: sessions refused");
        responsesDropped = aeron.addCounter(TYPE_ID, "sequent: responses dropped, client gone or stuck");
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

    /** @return frames dropped without an answer: too short, foreign schema or unknown template. */
    public Counter malformedDropped()
    {
        return malformedDropped;
    }

    /** @return commands dropped because they named no open session of the sending client. */
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

    @Override
    public void close()
    {
        CloseHelper.closeAll(commandsReceived, commandsAccepted, commandsRejected, malformedDropped,
            unknownSessionDropped, tooLarge, backPressured, sessionsOpen, sessionsRefused, responsesDropped);
    }
}
