package io.sequent.client.exchange;

import io.sequent.codecs.RejectReason;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * Why the server rejected a command: every reason of the exchange (codes 100 and up, {@link ExchangeReasons}) and
 * of the engine and gateway (below 100, {@link RejectReason}), with its code and a sentence for people. A rejected
 * command changed nothing.
 */
public enum Reject
{
    // The engine's and the gateway's.
    /** See {@link RejectReason#MALFORMED_COMMAND}. */
    MALFORMED_COMMAND(RejectReason.MALFORMED_COMMAND, "the command is shorter than its SBE header or block says"),
    /** See {@link RejectReason#UNKNOWN_COMMAND}. */
    UNKNOWN_COMMAND(RejectReason.UNKNOWN_COMMAND, "the server's domain has no such command"),
    /** See {@link RejectReason#WRONG_SCHEMA}. */
    WRONG_SCHEMA(RejectReason.WRONG_SCHEMA, "the command is of another schema than the server's domain"),
    /** See {@link RejectReason#UNSUPPORTED_VERSION}. */
    UNSUPPORTED_VERSION(RejectReason.UNSUPPORTED_VERSION, "the command's schema version is newer than the server's"),
    /** See {@link RejectReason#MESSAGE_TOO_LARGE}. */
    MESSAGE_TOO_LARGE(RejectReason.MESSAGE_TOO_LARGE, "the command is larger than the server takes"),
    /** See {@link RejectReason#EVENT_CAPACITY_EXCEEDED}. */
    EVENT_CAPACITY_EXCEEDED(RejectReason.EVENT_CAPACITY_EXCEEDED,
        "the command's events would not fit the room one command may take"),
    /** See {@link RejectReason#DOMAIN_ERROR}. */
    DOMAIN_ERROR(RejectReason.DOMAIN_ERROR, "the server failed while handling the command; nothing was applied"),
    /** See {@link RejectReason#UNKNOWN_SESSION}. */
    UNKNOWN_SESSION(RejectReason.UNKNOWN_SESSION, "the command named a session that is not open"),
    /** See {@link RejectReason#STORAGE_FULL}. */
    STORAGE_FULL(RejectReason.STORAGE_FULL,
        "the server's journal device is full; nothing was applied: send the command again later"),
    /** See {@link RejectReason#MALFORMED_FRAME}. */
    MALFORMED_FRAME(RejectReason.MALFORMED_FRAME, "the frame is shorter than its session protocol header says"),
    /** See {@link RejectReason#UNKNOWN_TEMPLATE}. */
    UNKNOWN_TEMPLATE(RejectReason.UNKNOWN_TEMPLATE, "the session protocol has no such message"),
    /** See {@link RejectReason#WRONG_PROTOCOL_SCHEMA}. */
    WRONG_PROTOCOL_SCHEMA(RejectReason.WRONG_PROTOCOL_SCHEMA, "the frame is not of the session protocol"),
    /** See {@link RejectReason#UNSUPPORTED_PROTOCOL_VERSION}. */
    UNSUPPORTED_PROTOCOL_VERSION(RejectReason.UNSUPPORTED_PROTOCOL_VERSION,
        "the server does not speak this session protocol version"),
    /** See {@link RejectReason#FRAME_TOO_LARGE}. */
    FRAME_TOO_LARGE(RejectReason.FRAME_TOO_LARGE, "the control frame is larger than any the protocol has"),
    /** See {@link RejectReason#UNAUTHENTICATED}. */
    UNAUTHENTICATED(RejectReason.UNAUTHENTICATED, "the session has not completed authentication"),
    /** See {@link RejectReason#NOT_PERMITTED}. */
    NOT_PERMITTED(RejectReason.NOT_PERMITTED, "the client's roles do not allow this request"),

    // The exchange's.
    /** See {@link ExchangeReasons#UNKNOWN_ACCOUNT}. */
    UNKNOWN_ACCOUNT(ExchangeReasons.UNKNOWN_ACCOUNT, "the account is not open"),
    /** See {@link ExchangeReasons#ACCOUNT_EXISTS}. */
    ACCOUNT_EXISTS(ExchangeReasons.ACCOUNT_EXISTS, "the account is open already"),
    /** See {@link ExchangeReasons#INSUFFICIENT_FUNDS}. */
    INSUFFICIENT_FUNDS(ExchangeReasons.INSUFFICIENT_FUNDS, "the available balance is too small"),
    /** See {@link ExchangeReasons#NON_POSITIVE_AMOUNT}. */
    NON_POSITIVE_AMOUNT(ExchangeReasons.NON_POSITIVE_AMOUNT, "the amount is zero or less"),
    /** See {@link ExchangeReasons#UNKNOWN_ASSET}. */
    UNKNOWN_ASSET(ExchangeReasons.UNKNOWN_ASSET, "the asset id is outside the server's range"),
    /** See {@link ExchangeReasons#ARITHMETIC_OVERFLOW}. */
    ARITHMETIC_OVERFLOW(ExchangeReasons.ARITHMETIC_OVERFLOW, "the result would not fit a signed 64-bit amount"),
    /** See {@link ExchangeReasons#INVALID_ACCOUNT_ID}. */
    INVALID_ACCOUNT_ID(ExchangeReasons.INVALID_ACCOUNT_ID, "an account id must be positive"),
    /** See {@link ExchangeReasons#TOO_MANY_ACCOUNTS}. */
    TOO_MANY_ACCOUNTS(ExchangeReasons.TOO_MANY_ACCOUNTS, "the server holds as many accounts as it may"),
    /** See {@link ExchangeReasons#UNKNOWN_INSTRUMENT}. */
    UNKNOWN_INSTRUMENT(ExchangeReasons.UNKNOWN_INSTRUMENT, "the instrument is not listed"),
    /** See {@link ExchangeReasons#INSTRUMENT_EXISTS}. */
    INSTRUMENT_EXISTS(ExchangeReasons.INSTRUMENT_EXISTS, "the instrument is listed already"),
    /** See {@link ExchangeReasons#INVALID_INSTRUMENT}. */
    INVALID_INSTRUMENT(ExchangeReasons.INVALID_INSTRUMENT,
        "the instrument's assets are unknown or equal, or its tick or lot size is not positive"),
    /** See {@link ExchangeReasons#UNKNOWN_ORDER}. */
    UNKNOWN_ORDER(ExchangeReasons.UNKNOWN_ORDER, "the order is not live"),
    /** See {@link ExchangeReasons#ORDER_NOT_OWNED}. */
    ORDER_NOT_OWNED(ExchangeReasons.ORDER_NOT_OWNED, "the order belongs to another account"),
    /** See {@link ExchangeReasons#INVALID_PRICE}. */
    INVALID_PRICE(ExchangeReasons.INVALID_PRICE, "the price is not a positive multiple of the instrument's tick"),
    /** See {@link ExchangeReasons#INVALID_QUANTITY}. */
    INVALID_QUANTITY(ExchangeReasons.INVALID_QUANTITY,
        "the quantity is not a positive multiple of the instrument's lot size"),
    /** See {@link ExchangeReasons#DUPLICATE_CLIENT_ORDER_ID}. */
    DUPLICATE_CLIENT_ORDER_ID(ExchangeReasons.DUPLICATE_CLIENT_ORDER_ID,
        "the account has a live order with this client order id"),
    /** See {@link ExchangeReasons#TOO_MANY_FILLS}. */
    TOO_MANY_FILLS(ExchangeReasons.TOO_MANY_FILLS,
        "the order would trade with more resting orders than one command may fill"),
    /** See {@link ExchangeReasons#INVALID_SIDE}. */
    INVALID_SIDE(ExchangeReasons.INVALID_SIDE, "the side is neither BUY nor SELL"),
    /** See {@link ExchangeReasons#INVALID_TIME_IN_FORCE}. */
    INVALID_TIME_IN_FORCE(ExchangeReasons.INVALID_TIME_IN_FORCE, "the time in force is neither GTC nor IOC"),
    /** See {@link ExchangeReasons#VERSION_CONFLICT}; the rejection's detail is the account's current version. */
    VERSION_CONFLICT(ExchangeReasons.VERSION_CONFLICT,
        "the account is not at the expected version: another command changed it"),
    /** See {@link ExchangeReasons#NOT_ACCOUNT_OWNER}. */
    NOT_ACCOUNT_OWNER(ExchangeReasons.NOT_ACCOUNT_OWNER, "the account belongs to another client"),

    /** A code this client does not know (a newer server's): {@link Rejected#code()} has it. */
    UNKNOWN(-1, "a reason this client does not know");

    private static final Reject[] BY_CODE;

    static
    {
        int max = 0;
        for (final Reject reject : values())
        {
            max = Math.max(max, reject.code);
        }
        BY_CODE = new Reject[max + 1];
        for (final Reject reject : values())
        {
            if (reject.code >= 0)
            {
                BY_CODE[reject.code] = reject;
            }
        }
    }

    private final int code;
    private final String text;

    Reject(final int code, final String text)
    {
        this.code = code;
        this.text = text;
    }

    /**
     * @param code a reject reason code from a response.
     * @return its reason; {@link #UNKNOWN} for a code this client does not know.
     */
    public static Reject of(final int code)
    {
        final Reject reject = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return reject != null ? reject : UNKNOWN;
    }

    /**
     * @return the code on the wire; -1 for {@link #UNKNOWN}.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return what the reason means, for people.
     */
    public String text()
    {
        return text;
    }
}
