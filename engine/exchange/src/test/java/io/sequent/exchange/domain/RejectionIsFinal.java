package io.sequent.exchange.domain;

import io.sequent.engine.domain.EventAppender;
import org.agrona.MutableDirectBuffer;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * An {@link EventAppender} in front of another that fails the test when the domain claims an event after it
 * rejected the command: the engine drops what came before a rejection, but an event claimed after it would be
 * journaled for a command that changed nothing (issue 15: an IOC's cancel after {@code TOO_MANY_FILLS}). A result
 * claimed after a rejection fails it too.
 */
final class RejectionIsFinal implements EventAppender
{
    private EventAppender events;
    private int reason;

    /**
     * @param events where the events go.
     * @return this, for one command.
     */
    RejectionIsFinal wrap(final EventAppender events)
    {
        this.events = events;
        this.reason = 0;
        return this;
    }

    @Override
    public long timestamp()
    {
        return events.timestamp();
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return events.buffer();
    }

    @Override
    public int claim(final int length)
    {
        if (reason != 0)
        {
            throw new AssertionError("an event claimed after the command was rejected " +
                ExchangeReasons.name(reason));
        }
        return events.claim(length);
    }

    @Override
    public long clientId()
    {
        return events.clientId();
    }

    @Override
    public int claimResult(final int length)
    {
        if (reason != 0)
        {
            // A rejected command has no result: the engine drops one, but the domain must not write it.
            throw new AssertionError("a result claimed after the command was rejected " +
                ExchangeReasons.name(reason));
        }
        return events.claimResult(length);
    }

    @Override
    public MutableDirectBuffer resultBuffer()
    {
        return events.resultBuffer();
    }

    @Override
    public int remaining()
    {
        return events.remaining();
    }

    @Override
    public void reject(final int reason, final long detail)
    {
        if (this.reason != 0)
        {
            throw new AssertionError("rejected twice: " + ExchangeReasons.name(this.reason) + ", then " +
                ExchangeReasons.name(reason));
        }
        this.reason = reason;
        events.reject(reason, detail);
    }
}
