package io.sequent.codecs;

/**
 * Status of a query's answer; the session schema's {@code QueryStatus} enum carries the same values.
 */
public final class QueryStatus
{
    /** Answered: the domain's result follows. */
    public static final int OK = 0;
    /** The projection holds no such thing (an unknown account, order or instrument). */
    public static final int NOT_FOUND = 1;
    /** The projection has not yet reached the sequence the client asked for; ask again shortly. */
    public static final int NOT_YET = 2;
    /** The domain cannot decode the query: too short, foreign schema or unknown template. */
    public static final int BAD_QUERY = 3;
    /** The server has no query handler. */
    public static final int UNSUPPORTED = 4;

    private QueryStatus()
    {
    }

    /**
     * @param status code.
     * @return its name.
     */
    public static String name(final int status)
    {
        return switch (status)
        {
            case OK -> "OK";
            case NOT_FOUND -> "NOT_FOUND";
            case NOT_YET -> "NOT_YET";
            case BAD_QUERY -> "BAD_QUERY";
            case UNSUPPORTED -> "UNSUPPORTED";
            default -> "STATUS_" + status;
        };
    }
}
