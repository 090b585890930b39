package io.sequent.client.exchange;

/**
 * The result of {@code cancel}.
 *
 * @param orderId           the order.
 * @param remainingQuantity the open quantity the cancel took out of the book.
 * @param released          the amount moved from reserved back to available (quote for a buy, base for a sell).
 * @param accountVersion    the account's version after the command.
 */
public record OrderCancelled(long orderId, long remainingQuantity, long released, long accountVersion)
{
}
