package io.sequent.client.exchange;

/**
 * The zero-allocation path for a hot loop: receives, decoded into primitives, the outcome of every command sent with
 * an {@code ExchangeClient.offer...} method (and of any other command no future awaits), keyed by the correlation id
 * it was sent with, as Aeron's {@code EgressListener} is. Called on the thread that calls
 * {@link ExchangeClient#poll()}, from inside that call (or inside a blocking call, which polls). Every method does
 * nothing by default: implement those the application needs.
 * <p>
 * Each callback gets the correlation id, the journal sequence of the command's record, and {@code duplicate}: true
 * when the server had seen the command before (it was re-sent) and this is its first outcome again, unchanged.
 */
public interface ExchangeListener
{
    /**
     * An accepted {@code openAccount}.
     *
     * @param correlationId  the command's id.
     * @param sequence       its journal sequence.
     * @param duplicate      true for a re-sent command's first outcome again.
     * @param accountId      the account, now this client's.
     * @param accountVersion its version: 1.
     */
    default void onAccountOpened(
        final long correlationId, final long sequence, final boolean duplicate, final long accountId,
        final long accountVersion)
    {
    }

    /**
     * An accepted {@code deposit} or {@code withdraw}.
     *
     * @param correlationId  the command's id.
     * @param sequence       its journal sequence.
     * @param duplicate      true for a re-sent command's first outcome again.
     * @param accountId      the account.
     * @param assetId        the asset.
     * @param available      the asset's available balance after the transfer.
     * @param accountVersion the account's version after it.
     */
    default void onBalanceUpdated(
        final long correlationId, final long sequence, final boolean duplicate, final long accountId,
        final int assetId, final long available, final long accountVersion)
    {
    }

    /**
     * An accepted {@code addInstrument}.
     *
     * @param correlationId the command's id.
     * @param sequence      its journal sequence.
     * @param duplicate     true for a re-sent command's first outcome again.
     * @param instrumentId  the instrument.
     */
    default void onInstrumentAdded(
        final long correlationId, final long sequence, final boolean duplicate, final int instrumentId)
    {
    }

    /**
     * An accepted {@code placeOrder}; see {@link OrderPlaced} for the fields.
     *
     * @param correlationId  the command's id.
     * @param sequence       its journal sequence.
     * @param duplicate      true for a re-sent command's first outcome again.
     * @param orderId        the server's id of the order.
     * @param status         LIVE, FILLED or CANCELLED (the rest of an IOC order).
     * @param filledQuantity traded by this command.
     * @param leavesQuantity open in the book now.
     * @param fillCount      trades made.
     * @param quoteTraded    sum of price x quantity over them.
     * @param accountVersion the account's version after the command.
     */
    default void onOrderPlaced(
        final long correlationId,
        final long sequence,
        final boolean duplicate,
        final long orderId,
        final OrderStatus status,
        final long filledQuantity,
        final long leavesQuantity,
        final int fillCount,
        final long quoteTraded,
        final long accountVersion)
    {
    }

    /**
     * An accepted {@code cancel}.
     *
     * @param correlationId     the command's id.
     * @param sequence          its journal sequence.
     * @param duplicate         true for a re-sent command's first outcome again.
     * @param orderId           the order.
     * @param remainingQuantity the open quantity taken out of the book.
     * @param released          moved from reserved back to available.
     * @param accountVersion    the account's version after the command.
     */
    default void onOrderCancelled(
        final long correlationId, final long sequence, final boolean duplicate, final long orderId,
        final long remainingQuantity, final long released, final long accountVersion)
    {
    }

    /**
     * An accepted {@code amend}; see {@link OrderAmended} for the fields.
     *
     * @param correlationId  the command's id.
     * @param sequence       its journal sequence.
     * @param duplicate      true for a re-sent command's first outcome again.
     * @param orderId        the order.
     * @param status         LIVE or FILLED.
     * @param keptPriority   whether the order kept its place in the queue.
     * @param filledQuantity traded by this command.
     * @param leavesQuantity open in the book now.
     * @param fillCount      trades made.
     * @param quoteTraded    sum of price x quantity over them.
     * @param accountVersion the account's version after the command.
     */
    default void onOrderAmended(
        final long correlationId,
        final long sequence,
        final boolean duplicate,
        final long orderId,
        final OrderStatus status,
        final boolean keptPriority,
        final long filledQuantity,
        final long leavesQuantity,
        final int fillCount,
        final long quoteTraded,
        final long accountVersion)
    {
    }

    /**
     * An accepted command whose result this client cannot read (none, from a server older than exchange schema 3,
     * or a result of a newer one).
     *
     * @param correlationId the command's id.
     * @param sequence      its journal sequence.
     * @param duplicate     true for a re-sent command's first outcome again.
     */
    default void onAccepted(final long correlationId, final long sequence, final boolean duplicate)
    {
    }

    /**
     * A rejected command; it changed nothing.
     *
     * @param correlationId the command's id.
     * @param sequence      its journal sequence (0 when rejected by the gateway).
     * @param duplicate     true for a re-sent command's first outcome again.
     * @param reject        why.
     * @param code          the reason's code ({@link Reject#UNKNOWN} stands for codes this client does not know).
     * @param detail        explains the reason (the account's version for a version conflict), else 0.
     */
    default void onRejected(
        final long correlationId, final long sequence, final boolean duplicate, final Reject reject, final int code,
        final long detail)
    {
    }
}
