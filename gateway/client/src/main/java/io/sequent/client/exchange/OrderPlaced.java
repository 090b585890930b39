package io.sequent.client.exchange;

/**
 * The result of {@code placeOrder}: the order as the command left it, with what it traded at once (at the resting
 * orders' prices, price-time priority).
 *
 * @param orderId        the server's id of the order: cancel, amend and query it by this.
 * @param status         {@link OrderStatus#LIVE} (rests, {@code leavesQuantity} open), {@link OrderStatus#FILLED}
 *                       or {@link OrderStatus#CANCELLED} (the unfilled rest of an IOC order).
 * @param filledQuantity base units traded by this command.
 * @param leavesQuantity base units open in the book now; 0 unless LIVE.
 * @param fillCount      trades the command made.
 * @param quoteTraded    sum of price x quantity over those trades: with {@code filledQuantity}, the average price.
 * @param accountVersion the account's version after the command.
 */
public record OrderPlaced(
    long orderId,
    OrderStatus status,
    long filledQuantity,
    long leavesQuantity,
    int fillCount,
    long quoteTraded,
    long accountVersion)
{
}
