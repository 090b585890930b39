package io.sequent.client.exchange;

import io.sequent.client.ClientContext;

/**
 * The README's ten-line example, compiled against the client artifact alone and run by the server's tests against
 * a real server: connect, list a market, open two accounts, fund them, place a crossing pair of orders, print the
 * fill. Run on its own, it reads its connection settings (ingress channel, client id and secret, Aeron directory)
 * from system properties, environment or configuration file, as {@link ClientContext} does.
 */
public final class TenLineExample
{
    private TenLineExample()
    {
    }

    /**
     * @param args none: settings come from properties, e.g. {@code -Dsequent.ingress.channel=... -Dsequent.client.id=7
     *             -Dsequent.client.secret=...}.
     */
    public static void main(final String[] args)
    {
        run(new ClientContext());
    }

    /**
     * @param context where the server is and who the client is.
     * @return the buying order's result: its fill.
     */
    public static OrderPlaced run(final ClientContext context)
    {
        // BEGIN README EXAMPLE
        try (ExchangeClient exchange = ExchangeClient.connect(context))
        {
            exchange.addInstrument(1, 1, 0, 1, 1).value();              // instrument 1: asset 1 (BTC) in asset 0 (USD)
            exchange.openAccount(1).value();
            exchange.openAccount(2).value();
            exchange.deposit(1, 0, 100_000).value();                     // 100,000 USD to the buyer
            exchange.deposit(2, 1, 5).value();                           // 5 BTC to the seller
            exchange.placeOrder(2, 1, Side.SELL, 9_000, 2, TimeInForce.GTC, 1).value();
            final OrderPlaced buy = exchange.placeOrder(1, 1, Side.BUY, 9_100, 2, TimeInForce.GTC, 1).value();
            System.out.println("order " + buy.orderId() + " " + buy.status() + ": bought " + buy.filledQuantity() +
                " for " + buy.quoteTraded());                            // order 2 FILLED: bought 2 for 18000
            return buy;                                                  // not in README
        }
        // END README EXAMPLE
    }
}
