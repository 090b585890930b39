package io.sequent.client.exchange;

/**
 * An order as the server's read model has it (finished orders too).
 *
 * @param orderId        the order.
 * @param accountId      its account.
 * @param instrumentId   its market.
 * @param side           BUY or SELL.
 * @param status         LIVE, FILLED or CANCELLED.
 * @param price          its limit price now.
 * @param filledQuantity traded so far.
 * @param leavesQuantity open now (for a cancelled order: what was open when it was cancelled).
 */
public record OrderState(
    long orderId,
    long accountId,
    int instrumentId,
    Side side,
    OrderStatus status,
    long price,
    long filledQuantity,
    long leavesQuantity)
{
}
