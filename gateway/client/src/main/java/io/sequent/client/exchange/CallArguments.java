package io.sequent.client.exchange;

/**
 * The checks an {@link ExchangeClient} makes on its arguments before anything is sent: what the server would reject
 * without looking at its state (an amount of zero, a missing side). What needs the state (an unknown instrument, a
 * price off the tick) the server rejects with a typed reason. Each check throws {@link IllegalArgumentException}
 * naming the argument.
 */
final class CallArguments
{
    private CallArguments()
    {
    }

    static void positive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    static void asset(final String name, final int assetId)
    {
        if (assetId < 0)
        {
            throw new IllegalArgumentException(name + " must be an asset id, 0 or more: " + assetId);
        }
    }

    static void given(final String name, final Object value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    static void instrument(final int baseAsset, final int quoteAsset, final long priceTick, final long lotSize)
    {
        asset("baseAsset", baseAsset);
        asset("quoteAsset", quoteAsset);
        if (baseAsset == quoteAsset)
        {
            throw new IllegalArgumentException("an instrument trades two assets: base and quote are both " +
                baseAsset);
        }
        positive("priceTick", priceTick);
        positive("lotSize", lotSize);
    }

    static void order(final Side side, final long price, final long quantity, final TimeInForce timeInForce)
    {
        given("side", side);
        given("timeInForce", timeInForce);
        positive("price", price);
        positive("quantity", quantity);
    }
}
