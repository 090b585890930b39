package io.sequent.client.exchange;

/**
 * How long an order may rest in the book.
 */
public enum TimeInForce
{
    /** Good till cancelled: what does not fill at once rests until it fills or is cancelled. */
    GTC,
    /** Immediate or cancel: what does not fill at once is cancelled at once. */
    IOC
}
