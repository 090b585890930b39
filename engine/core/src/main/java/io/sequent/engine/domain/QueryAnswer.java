package io.sequent.engine.domain;

import io.sequent.codecs.QueryStatus;

/**
 * What a {@link QueryHandler} answered: status, the projection's sequence, and the length of the result it encoded.
 * One instance is reused for every query by the thread that owns it.
 */
public final class QueryAnswer
{
    private int status;
    private long projectionSequence;
    private int resultLength;

    /**
     * @param status             a {@link QueryStatus} code.
     * @param projectionSequence journal sequence the projection had applied when it was read.
     * @param resultLength       bytes of result encoded (0 unless {@link QueryStatus#OK}).
     * @return this.
     */
    public QueryAnswer set(final int status, final long projectionSequence, final int resultLength)
    {
        this.status = status;
        this.projectionSequence = projectionSequence;
        this.resultLength = resultLength;
        return this;
    }

    /**
     * @return a {@link QueryStatus} code.
     */
    public int status()
    {
        return status;
    }

    /**
     * @return journal sequence the projection had applied when it was read.
     */
    public long projectionSequence()
    {
        return projectionSequence;
    }

    /**
     * @return bytes of result encoded.
     */
    public int resultLength()
    {
        return resultLength;
    }
}
