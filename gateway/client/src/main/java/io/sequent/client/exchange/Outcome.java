package io.sequent.client.exchange;

/**
 * The outcome of one exchange command: {@link Accepted}, with the command's typed result, or {@link Rejected}, with
 * the reason. A rejected command changed nothing.
 * <pre>{@code
 * Outcome<OrderPlaced> outcome = exchange.placeOrder(1, BTC_USD, Side.BUY, 50_000, 2, TimeInForce.GTC, 7);
 * if (outcome instanceof Rejected<OrderPlaced> rejected)
 * {
 *     System.out.println(rejected.reject() + ": " + rejected.text());
 * }
 * long orderId = outcome.value().orderId(); // throws RejectedException when rejected
 * }</pre>
 *
 * @param <T> the command's result type.
 */
public sealed interface Outcome<T> permits Accepted, Rejected
{
    /**
     * @return the id the command was sent with.
     */
    long correlationId();

    /**
     * @return the journal sequence the server's response named (the command's record); read models that have
     *         reached it reflect the command. 0 when the gateway rejected the command before the engine saw it.
     */
    long sequence();

    /**
     * @return true when the server had applied (or rejected) the command before and this is its first outcome
     *         again, unchanged: the command was re-sent.
     */
    boolean duplicate();

    /**
     * @return true for {@link Accepted}.
     */
    boolean isAccepted();

    /**
     * @return the command's result when accepted.
     * @throws RejectedException when the command was rejected, naming the reason.
     */
    T value();
}
