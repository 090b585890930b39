package io.sequent.http;

/**
 * An answer other than success, as the HTTP face gives it: the HTTP status and a JSON body
 * {@code {"error": {"code": CODE, "text": TEXT}}}, plus the engine's numeric reason when the engine rejected.
 */
final class ApiException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final int reason;

    /**
     * @param status HTTP status.
     * @param code   a stable name for the error, such as {@code BAD_JSON}.
     * @param text   what a person needs to fix it.
     */
    ApiException(final int status, final String code, final String text)
    {
        this(status, code, text, 0);
    }

    /**
     * @param status HTTP status.
     * @param code   a stable name for the error.
     * @param text   what a person needs to fix it.
     * @param reason the engine's or domain's reject reason code, 0 when none.
     */
    ApiException(final int status, final String code, final String text, final int reason)
    {
        super(text, null, false, false);
        this.status = status;
        this.code = code;
        this.reason = reason;
    }

    int status()
    {
        return status;
    }

    String code()
    {
        return code;
    }

    int reason()
    {
        return reason;
    }
}
