package io.sequent.payments.domain;

import io.sequent.codecs.RejectReason;

/**
 * The payments domain's reject reason codes, carried in a command response's reason field. Codes below 100 are the
 * engine's and the gateway's ({@link RejectReason}).
 */
public final class PaymentsReasons
{
    /** The command names an order that was never placed. */
    public static final int UNKNOWN_ORDER = 100;
    /** PlaceOrder for an order id already placed (the detail is its version). */
    public static final int ORDER_EXISTS = 101;
    /** An order id of zero or less. */
    public static final int INVALID_ORDER_ID = 102;
    /** An amount of zero or less. */
    public static final int NON_POSITIVE_AMOUNT = 103;
    /** A currency the domain does not take. */
    public static final int UNKNOWN_CURRENCY = 104;
    /**
     * The command's expected version is not the order's version (the response's detail): another command changed
     * the order since the sender last saw it.
     */
    public static final int VERSION_CONFLICT = 105;
    /** CapturePayment before the payment was authorized. */
    public static final int NOT_AUTHORIZED = 106;
    /** AuthorizePayment for an order already authorized. */
    public static final int ALREADY_AUTHORIZED = 107;
    /** AuthorizePayment for more than the order's amount. */
    public static final int EXCEEDS_ORDER_AMOUNT = 108;
    /** A second CapturePayment, or an authorization or cancellation after the capture. */
    public static final int ALREADY_CAPTURED = 109;
    /** CapturePayment for more than was authorized. */
    public static final int EXCEEDS_AUTHORIZED = 110;
    /** RefundPayment before the payment was captured. */
    public static final int NOT_CAPTURED = 111;
    /** RefundPayment for more than is left to refund (captured minus refunded so far). */
    public static final int EXCEEDS_CAPTURED = 112;
    /** Any command for a cancelled order. */
    public static final int ORDER_CANCELLED = 113;
    /** A fee below zero or above the amount captured. */
    public static final int INVALID_FEE = 114;
    /** The configured maximum number of orders is reached. */
    public static final int TOO_MANY_ORDERS = 115;
    /** A total would not fit a signed 64-bit scaled amount. */
    public static final int ARITHMETIC_OVERFLOW = 116;
    /** A customer id of zero or less. */
    public static final int INVALID_CUSTOMER = 117;

    private PaymentsReasons()
    {
    }

    /**
     * @param code a response's reason code.
     * @return its name: the domain's own for 100 and up, the engine's below.
     */
    public static String name(final int code)
    {
        return switch (code)
        {
            case UNKNOWN_ORDER -> "UNKNOWN_ORDER";
            case ORDER_EXISTS -> "ORDER_EXISTS";
            case INVALID_ORDER_ID -> "INVALID_ORDER_ID";
            case NON_POSITIVE_AMOUNT -> "NON_POSITIVE_AMOUNT";
            case UNKNOWN_CURRENCY -> "UNKNOWN_CURRENCY";
            case VERSION_CONFLICT -> "VERSION_CONFLICT";
            case NOT_AUTHORIZED -> "NOT_AUTHORIZED";
            case ALREADY_AUTHORIZED -> "ALREADY_AUTHORIZED";
            case EXCEEDS_ORDER_AMOUNT -> "EXCEEDS_ORDER_AMOUNT";
            case ALREADY_CAPTURED -> "ALREADY_CAPTURED";
            case EXCEEDS_AUTHORIZED -> "EXCEEDS_AUTHORIZED";
            case NOT_CAPTURED -> "NOT_CAPTURED";
            case EXCEEDS_CAPTURED -> "EXCEEDS_CAPTURED";
            case ORDER_CANCELLED -> "ORDER_CANCELLED";
            case INVALID_FEE -> "INVALID_FEE";
            case TOO_MANY_ORDERS -> "TOO_MANY_ORDERS";
            case ARITHMETIC_OVERFLOW -> "ARITHMETIC_OVERFLOW";
            case INVALID_CUSTOMER -> "INVALID_CUSTOMER";
            default -> RejectReason.name(code);
        };
    }
}
