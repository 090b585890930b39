package io.sequent.client.exchange;

/**
 * The side of an order.
 */
public enum Side
{
    /** Buys the instrument's base asset, paying its quote asset. */
    BUY,
    /** Sells the base asset for the quote asset. */
    SELL
}
