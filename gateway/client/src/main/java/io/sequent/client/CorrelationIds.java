package io.sequent.client;

/**
 * The correlation ids of one client: of its commands, its queries and its connects. They start from the wall clock
 * (in millionths of a millisecond), so that a restarted client does not reuse the ids of its earlier run: the server
 * de-duplicates commands by (client id, correlation id). Owned by the client's thread.
 */
final class CorrelationIds
{
    private long next = System.currentTimeMillis() * 1_000_000L;

    /**
     * @return an id not handed out before by this client (nor, the clock permitting, by an earlier run of it).
     */
    long next()
    {
        return next++;
    }
}
