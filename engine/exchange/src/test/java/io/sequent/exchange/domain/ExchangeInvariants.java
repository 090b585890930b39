package io.sequent.exchange.domain;

import io.sequent.exchange.book.BookSide;
import io.sequent.exchange.book.Instrument;
import io.sequent.exchange.book.Order;
import io.sequent.exchange.book.PriceLevel;
import org.agrona.collections.Long2LongHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exchange's invariants, checked against the state after generated runs.
 */
final class ExchangeInvariants
{
    private ExchangeInvariants()
    {
    }

    /**
     * @param state           to check.
     * @param expectedTotals  per asset, deposits minus withdrawals.
     */
    static void check(final ExchangeState state, final long[] expectedTotals)
    {
        for (int asset = 0; asset < expectedTotals.length; asset++)
        {
            assertEquals(expectedTotals[asset], state.totalBalance(asset), "asset " + asset + " conserves");
        }

        // What every account should have reserved: the sum of its live orders' needs, per asset.
        final Long2LongHashMap[] needs = new Long2LongHashMap[state.maxAssets()];
        for (int asset = 0; asset < needs.length; asset++)
        {
            needs[asset] = new Long2LongHashMap(0);
        }
        for (final Instrument instrument : state.instruments().values())
        {
            final PriceLevel bid = instrument.side(true).best();
            final PriceLevel ask = instrument.side(false).best();
            assertTrue(bid == null || ask == null || bid.price() < ask.price(),
                "instrument " + instrument.id() + " is crossed: " + bid.price() + " >= " + ask.price());
            checkSide(instrument.side(true), true, needs);
            checkSide(instrument.side(false), false, needs);
        }
        for (final Account account : state.accounts().values())
        {
            for (int asset = 0; asset < state.maxAssets(); asset++)
            {
                assertTrue(account.available[asset] >= 0, "account " + account.id + " asset " + asset);
                assertEquals(needs[asset].get(account.id), account.reserved[asset],
                    "account " + account.id + " asset " + asset + " reserves what its orders need");
            }
        }
    }

    private static void checkSide(final BookSide side, final boolean bids, final Long2LongHashMap[] needs)
    {
        for (int i = 0; i < side.levelCount(); i++)
        {
            final PriceLevel level = side.level(i);
            assertTrue(i == 0 ||
                (bids ? side.level(i - 1).price() > level.price() : side.level(i - 1).price() < level.price()),
                "levels are sorted best first");
            long quantity = 0;
            int count = 0;
            for (Order order = level.head(); order != null; order = order.next())
            {
                assertTrue(order.remaining() > 0);
                assertEquals(level.price(), order.price());
                quantity += order.remaining();
                count++;
                needs[order.reservedAsset()].merge(order.accountId(), order.reservation(), Long::sum);
            }
            assertEquals(quantity, level.quantity(), "level quantity");
            assertEquals(count, level.count(), "level count");
        }
    }
}
