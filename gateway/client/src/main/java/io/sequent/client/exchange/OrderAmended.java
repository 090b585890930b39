package io.sequent.client.exchange;

/**
 * The result of {@code amend}. An amend that keeps the price and does not raise the quantity keeps the order's
 * place in the queue; any other loses it and may trade at once, like a new order.
 *
 * @param orderId        the order.
 * @param status         {@link OrderStatus#LIVE} or {@link OrderStatus#FILLED}.
 * @param keptPriority   whether the order kept its place in the queue.
 * @param filledQuantity base units traded by this command.
 * @param leavesQuantity base units open in the book now.
 * @param fillCount      trades the command made.
 * @param quoteTraded    sum of price x quantity over those trades.
 * @param accountVersion the account's version after the command.
 */
public record OrderAmended(
    long orderId,
    OrderStatus status,
    boolean keptPriority,
    long filledQuantity,
    long leavesQuantity,
    int fillCount,
    long quoteTraded,
    long accountVersion)
{
}
