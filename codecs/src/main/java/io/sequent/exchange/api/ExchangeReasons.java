package io.sequent.exchange.api;

import io.sequent.codecs.RejectReason;

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
    /** The command names an instrument that is not listed. */
    public static final int UNKNOWN_INSTRUMENT = 108;
    /** AddInstrument for an id already listed. */
    public static final int INSTRUMENT_EXISTS = 109;
    /** AddInstrument with unknown or equal assets, or a tick or lot size of zero or less. */
    public static final int INVALID_INSTRUMENT = 110;
    /** The command names an order that is not live. */
    public static final int UNKNOWN_ORDER = 111;
    /** The order belongs to another account. */
    public static final int ORDER_NOT_OWNED = 112;
    /** A price of zero or less, or not a multiple of the instrument's tick. */
    public static final int INVALID_PRICE = 113;
    /** A quantity of zero or less, or not a multiple of the instrument's lot size. */
    public static final int INVALID_QUANTITY = 114;
    /** The account has a live order with that client order id. */
    public static final int DUPLICATE_CLIENT_ORDER_ID = 115;
    /** The order would trade with more resting orders than one command may fill. */
    public static final int TOO_MANY_FILLS = 116;
    /** A side other than BUY or SELL. */
    public static final int INVALID_SIDE = 117;
    /** A time in force other than GTC or IOC. */
    public static final int INVALID_TIME_IN_FORCE = 118;
    /**
     * The command's expected version is not the account's current version (the response's detail): another
     * command changed the account since the client last saw it.
     */
    public static final int VERSION_CONFLICT = 119;
    /**
     * The command acts on an account that another client owns (the one that opened it). Accounts opened before
     * exchange schema version 3 have no owner and stay open to every client.
     */
    public static final int NOT_ACCOUNT_OWNER = 120;

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
            case UNKNOWN_INSTRUMENT -> "UNKNOWN_INSTRUMENT";
            case INSTRUMENT_EXISTS -> "INSTRUMENT_EXISTS";
            case INVALID_INSTRUMENT -> "INVALID_INSTRUMENT";
            case UNKNOWN_ORDER -> "UNKNOWN_ORDER";
            case ORDER_NOT_OWNED -> "ORDER_NOT_OWNED";
            case INVALID_PRICE -> "INVALID_PRICE";
            case INVALID_QUANTITY -> "INVALID_QUANTITY";
            case DUPLICATE_CLIENT_ORDER_ID -> "DUPLICATE_CLIENT_ORDER_ID";
            case TOO_MANY_FILLS -> "TOO_MANY_FILLS";
            case INVALID_SIDE -> "INVALID_SIDE";
            case INVALID_TIME_IN_FORCE -> "INVALID_TIME_IN_FORCE";
            case VERSION_CONFLICT -> "VERSION_CONFLICT";
            case NOT_ACCOUNT_OWNER -> "NOT_ACCOUNT_OWNER";
            default -> RejectReason.name(code);
        };
    }
}
