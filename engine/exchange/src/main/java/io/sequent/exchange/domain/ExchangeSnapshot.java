package io.sequent.exchange.domain;

import io.sequent.exchange.book.BookSide;
import io.sequent.exchange.book.Instrument;
import io.sequent.exchange.book.Order;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The exchange state's snapshot format: accounts with their versions and balances, instruments, and every book's
 * orders level by level in time priority, so reading it back gives a state equal to the one written, queue
 * positions included. Written in id order, so equal states give equal bytes.
 * <p>
 * Format 2 (exchange schema 2) adds the account version. A format 1 snapshot cannot give the versions, so it is
 * refused and recovery falls back to an older snapshot or to the journal, which rebuilds them.
 * <p>
 * Format 3 (exchange schema 3) adds the account's owner after its version. A format 2 snapshot is still read: it
 * was written before accounts had owners, so its accounts have none (owner 0), exactly as replaying the journal
 * of that time gives.
 */
final class ExchangeSnapshot
{
    private static final int FORMAT = 3;
    /** The format before owners: still read, every account without an owner. */
    private static final int FORMAT_WITHOUT_OWNERS = 2;

    private ExchangeSnapshot()
    {
    }

    static void write(final ExchangeState state, final DataOutput out) throws IOException
    {
        out.writeInt(FORMAT);
        out.writeInt(state.maxAssets());
        out.writeLong(state.nextOrderId());

        final long[] accountIds = state.accounts().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        out.writeInt(accountIds.length);
        for (final long id : accountIds)
        {
            final Account account = state.account(id);
            out.writeLong(id);
            out.writeLong(account.version);
            out.writeLong(account.owner);
            for (int asset = 0; asset < state.maxAssets(); asset++)
            {
                out.writeLong(account.available[asset]);
                out.writeLong(account.reserved[asset]);
            }
        }

        final int[] instrumentIds = state.instruments().keySet().stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(instrumentIds);
        out.writeInt(instrumentIds.length);
        for (final int id : instrumentIds)
        {
            final Instrument instrument = state.instrument(id);
            out.writeInt(id);
            out.writeInt(instrument.baseAsset());
            out.writeInt(instrument.quoteAsset());
            out.writeLong(instrument.priceTick());
            out.writeLong(instrument.lotSize());
            writeSide(instrument.side(true), out);
            writeSide(instrument.side(false), out);
        }
    }

    private static void writeSide(final BookSide side, final DataOutput out) throws IOException
    {
        int orders = 0;
        for (int i = 0; i < side.levelCount(); i++)
        {
            orders += side.level(i).count();
        }
        out.writeInt(orders);
        for (int i = 0; i < side.levelCount(); i++)
        {
            for (Order order = side.level(i).head(); order != null; order = order.next())
            {
                out.writeLong(order.orderId());
                out.writeLong(order.accountId());
                out.writeLong(order.clientOrderId());
                out.writeBoolean(order.ioc());
                out.writeLong(order.price());
                out.writeLong(order.remaining());
            }
        }
    }

    static ExchangeState read(final ExchangeState state, final DataInput in) throws IOException
    {
        final int format = in.readInt();
        if (format != FORMAT && format != FORMAT_WITHOUT_OWNERS)
        {
            throw new IOException("exchange snapshot format " + format + ", this code reads " +
                FORMAT_WITHOUT_OWNERS + " and " + FORMAT +
                (format == 1 ? " (format 1 has no account versions: recovery replays the journal instead)" : ""));
        }
        final int maxAssets = in.readInt();
        if (maxAssets != state.maxAssets())
        {
            throw new IOException("snapshot of " + maxAssets + " assets, the domain is configured for " +
                state.maxAssets());
        }
        final long nextOrderId = in.readLong();

        final int accounts = in.readInt();
        for (int i = 0; i < accounts; i++)
        {
            final long id = in.readLong();
            final long version = in.readLong();
            state.open(id, format == FORMAT_WITHOUT_OWNERS ? Account.NO_OWNER : in.readLong());
            final Account account = state.account(id);
            account.version = version;
            for (int asset = 0; asset < maxAssets; asset++)
            {
                account.available[asset] = in.readLong();
                account.reserved[asset] = in.readLong();
            }
        }

        final int instruments = in.readInt();
        for (int i = 0; i < instruments; i++)
        {
            final Instrument instrument = new Instrument(
                in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong());
            state.addInstrument(instrument);
            readSide(state, instrument, true, in);
            readSide(state, instrument, false, in);
        }
        state.nextOrderId(nextOrderId);
        return state;
    }

    private static void readSide(
        final ExchangeState state, final Instrument instrument, final boolean buy, final DataInput in)
        throws IOException
    {
        final int orders = in.readInt();
        for (int i = 0; i < orders; i++)
        {
            final long orderId = in.readLong();
            final long accountId = in.readLong();
            final long clientOrderId = in.readLong();
            final boolean ioc = in.readBoolean();
            final long price = in.readLong();
            final long remaining = in.readLong();
            final Account account = state.account(accountId);
            if (account == null)
            {
                throw new IOException("order " + orderId + " of account " + accountId + " that is not open");
            }
            final Order order = state.newOrder()
                .init(orderId, accountId, clientOrderId, instrument, buy, ioc, price, remaining);
            state.addOrder(order);
            account.liveClientOrders.put(clientOrderId, orderId);
            // Levels are written best first and orders in time priority, so appending rebuilds the same queues.
            instrument.side(buy).add(order);
        }
    }
}
