package io.sequent.client.exchange;

/**
 * What an {@link ExecutionReport} reports about one of the client's orders.
 */
public enum ExecType
{
    /** The order was accepted: it is live with its whole quantity, and may trade at once in the same command. */
    NEW,
    /** The order traded: {@link ExecutionReport#lastQuantity()} at {@link ExecutionReport#lastPrice()}. */
    TRADE,
    /** The order's price or open quantity was changed by an amend. */
    AMENDED,
    /** The order's open quantity was cancelled: by its owner, or the unfilled rest of an IOC order. */
    CANCELLED
}
