package io.sequent.client.exchange;

/**
 * One event in the life of one of the client's orders, as an {@link ExecutionReportListener} receives it: the order,
 * what happened ({@link ExecType}), the last fill, and what is left. One instance is reused for every report, so
 * reading one allocates nothing.
 * <p>
 * Leaves and cumulative quantities are tracked from the order's acceptance. An order accepted before the
 * subscription's first sequence is first seen half-way through its life: its quantities are then
 * {@link #UNKNOWN_QUANTITY} (and its client order id 0) until an amend names its open quantity or it ends.
 */
public final class ExecutionReport
{
    /** A quantity the reports cannot know: the order was accepted before the subscription's first sequence. */
    public static final long UNKNOWN_QUANTITY = -1;

    long sequence;
    long timestamp;
    ExecType execType;
    OrderStatus status;
    long orderId;
    long clientOrderId;
    long accountId;
    int instrumentId;
    Side side;
    long price;
    long lastPrice;
    long lastQuantity;
    long leavesQuantity;
    long cumulativeQuantity;
    boolean maker;

    ExecutionReport()
    {
    }

    /** @return the journal sequence of the event this report is made from: where a resumed subscription goes on. */
    public long sequence()
    {
        return sequence;
    }

    /** @return the sequencer time of its command, epoch nanoseconds. */
    public long timestamp()
    {
        return timestamp;
    }

    /** @return what happened. */
    public ExecType execType()
    {
        return execType;
    }

    /** @return the order's status after it. */
    public OrderStatus status()
    {
        return status;
    }

    /** @return the server's order id (the {@code orderId} of {@link OrderPlaced}). */
    public long orderId()
    {
        return orderId;
    }

    /** @return the client order id the order was placed with, or 0 when not known. */
    public long clientOrderId()
    {
        return clientOrderId;
    }

    /** @return the client's account that owns the order. */
    public long accountId()
    {
        return accountId;
    }

    /** @return the order's instrument, or 0 when not known. */
    public int instrumentId()
    {
        return instrumentId;
    }

    /** @return the order's side, or null when not known. */
    public Side side()
    {
        return side;
    }

    /** @return the order's limit price (after an amend, the new one), or 0 when not known. */
    public long price()
    {
        return price;
    }

    /** @return for {@link ExecType#TRADE}, the trade's price (the maker's); otherwise 0. */
    public long lastPrice()
    {
        return lastPrice;
    }

    /** @return for {@link ExecType#TRADE}, the quantity traded; for {@link ExecType#CANCELLED}, the cancelled one. */
    public long lastQuantity()
    {
        return lastQuantity;
    }

    /** @return the open quantity left after this event, or {@link #UNKNOWN_QUANTITY}. */
    public long leavesQuantity()
    {
        return leavesQuantity;
    }

    /** @return the quantity filled so far, or {@link #UNKNOWN_QUANTITY}. */
    public long cumulativeQuantity()
    {
        return cumulativeQuantity;
    }

    /** @return for {@link ExecType#TRADE}, true when the order was resting (the maker), false when it took. */
    public boolean maker()
    {
        return maker;
    }

    @Override
    public String toString()
    {
        return execType + " order " + orderId + " (client order " + clientOrderId + ", account " + accountId +
            ", instrument " + instrumentId + " " + side + " at " + price + ") " + status + ": last " + lastQuantity +
            " at " + lastPrice + ", leaves " + leavesQuantity + ", cumulative " + cumulativeQuantity + " @" + sequence;
    }
}
