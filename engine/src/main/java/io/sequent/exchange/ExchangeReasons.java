package io.sequent.exchange;

import io.sequent.engine.domain.RejectReason;

/**
 * The exchange's reject reason codes, carried in a command response's reason field. Codes below 100 are the
 * engine's and the gateway's ({@link RejectReason}).
 */
public final class ExchangeReasons
{
    /** The command names an account that is not open. */
    public static final int UNKNOWN_ACCOUNT = 100;
    /** OpenAccount for an account that is already open. */
    public static final int ACCOUNT_EXISTS = 101;
    /** A withdrawal larger than the available balance. */
    public static final int INSUFFICIENT_FUNDS = 102;
    /** An amount of zero or less. */
    public static final int NON_POSITIVE_AMOUNT = 103;
    /** An asset id outside the configured range. */
    public static final int UNKNOWN_ASSET = 104;
    /** The result would not fit a signed 64-bit scaled amount. */
    public static final int ARITHMETIC_OVERFLOW = 105;
    /** An account id of zero or less. */
    public static final int INVALID_ACCOUNT_ID = 106;
    /** The configured maximum number of accounts is reached. */
    public static final int TOO_MANY_ACCOUNTS = 107;

    private ExchangeReasons()
    {
    }

    /**
     * @param code a response's reason code.
     * @return its name: the exchange's own for 100 and up, the engine's below.
     */
    public static String name(final int code)
    {
        return switch (code)
        {
            case UNKNOWN_ACCOUNT -> "UNKNOWN_ACCOUNT";
            case ACCOUNT_EXISTS -> "ACCOUNT_EXISTS";
            case INSUFFICIENT_FUNDS -> "INSUFFICIENT_FUNDS";
            case NON_POSITIVE_AMOUNT -> "NON_POSITIVE_AMOUNT";
            case UNKNOWN_ASSET -> "UNKNOWN_ASSET";
            case ARITHMETIC_OVERFLOW -> "ARITHMETIC_OVERFLOW";
            case INVALID_ACCOUNT_ID -> "INVALID_ACCOUNT_ID";
            case TOO_MANY_ACCOUNTS -> "TOO_MANY_ACCOUNTS";
            default -> RejectReason.name(code);
        };
    }
}
