package io.sequent.client;

import io.aeron.Publication;

/**
 * Sends the unanswered commands of the {@link InFlightWindow} again after a session opens, oldest first, each with
 * its original correlation id, resuming where the ingress pushed back. Commands answered meanwhile are skipped.
 * Owned by the client's thread.
 */
final class Resender
{
    private final InFlightWindow window;
    private final SessionPublisher publisher;
    private long position;
    private long lastFailure;
    private long resent;

    /**
     * @param window    the commands to send again.
     * @param publisher frames them.
     */
    Resender(final InFlightWindow window, final SessionPublisher publisher)
    {
        this.window = window;
        this.publisher = publisher;
    }

    /**
     * A session opened: start again from the oldest command held.
     */
    void start()
    {
        position = window.first();
        lastFailure = 0;
    }

    /**
     * Sends held commands until all have gone or the ingress refuses one.
     *
     * @param ingress   the server's ingress.
     * @param sessionId the new session.
     * @return commands sent in this call.
     */
    int resend(final Publication ingress, final long sessionId)
    {
        int sent = 0;
        final long end = window.end();
        while (position < end)
        {
            if (window.isHeld(position))
            {
                final long result = publisher.offerCommand(ingress, sessionId, window.correlationId(position),
                    window.buffer(), window.commandOffset(position), window.length(position));
                if (result < 0)
                {
                    lastFailure = result;
                    return sent;
                }
                lastFailure = 0;
                resent++;
                sent++;
            }
            position++;
        }
        return sent;
    }

    /**
     * @return true when every command held at the start has been sent again.
     */
    boolean isDone()
    {
        return position >= window.end();
    }

    /**
     * @return the {@link Publication#offer} result that stopped the last {@link #resend}, or 0 when none did.
     */
    long lastFailure()
    {
        return lastFailure;
    }

    /**
     * @return commands sent again, over the client's life.
     */
    long resent()
    {
        return resent;
    }
}
