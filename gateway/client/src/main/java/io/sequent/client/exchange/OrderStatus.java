package io.sequent.client.exchange;

/**
 * Where an order is.
 */
public enum OrderStatus
{
    /** Resting in the book, with an open quantity. */
    LIVE,
    /** Filled completely. */
    FILLED,
    /** Cancelled: by its owner, or at once for the unfilled rest of an IOC order. */
    CANCELLED
}
