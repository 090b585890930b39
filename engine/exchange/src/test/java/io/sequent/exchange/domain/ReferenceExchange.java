package io.sequent.exchange.domain;

import io.sequent.codecs.RejectReason;
import io.sequent.codecs.exchange.AddInstrumentDecoder;
import io.sequent.codecs.exchange.AmendOrderDecoder;
import io.sequent.codecs.exchange.CancelOrderDecoder;
import io.sequent.codecs.exchange.DepositDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OpenAccountDecoder;
import io.sequent.codecs.exchange.PlaceOrderDecoder;
import io.sequent.codecs.exchange.WithdrawDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sequent.exchange.api.ExchangeReasons.*;

/**
 * A slow, obviously correct exchange: plain lists and maps, the book sorted afresh for every match. It shares no
 * matching or bookkeeping code with {@link ExchangeDomain}; its output, one line per event in the same words as
 * {@link EventText}, must equal the engine's for any command stream. Public for other modules' tests (through this
 * module's test-jar), which check an engine they drive from outside against it. It knows nothing of account owners:
 * feed it the commands of one client, or of clients acting on their own accounts only.
 */
public final class ReferenceExchange
{
    private static final class Order
    {
        long id;
        long account;
        long clientOrderId;
        int instrument;
        boolean buy;
        long price;
        long remaining;
        long time;
    }

    private final int maxAssets;
    private final int maxFills;
    private final Map<Long, long[]> available = new HashMap<>();
    private final Map<Long, long[]> reserved = new HashMap<>();
    private final Map<Integer, long[]> instruments = new HashMap<>();
    private final List<Order> orders = new ArrayList<>();
    private long nextOrderId = 1;
    private long clock;

    /**
     * @param maxAssets asset ids are in [0, maxAssets), as the engine's.
     * @param maxFills  trades one command may make at most, as the engine's.
     */
    public ReferenceExchange(final int maxAssets, final int maxFills)
    {
        this.maxAssets = maxAssets;
        this.maxFills = maxFills;
    }

    /**
     * Handles one command and applies its effects when accepted.
     *
     * @param buffer holding the command (SBE header and body).
     * @param offset where it starts.
     * @param length its length.
     * @return the events of the command, or a single "REJECT reason" line.
     */
    public List<String> execute(final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = header.blockLength();
        final int version = header.version();
        final List<String> out = new ArrayList<>();
        final int reason = switch (header.templateId())
        {
            case OpenAccountDecoder.TEMPLATE_ID ->
                open(new OpenAccountDecoder().wrap(buffer, body, block, version).accountId(), out);
            case DepositDecoder.TEMPLATE_ID ->
            {
                final DepositDecoder d = new DepositDecoder().wrap(buffer, body, block, version);
                yield transfer(d.accountId(), d.assetId(), d.amount(), true, out);
            }
            case WithdrawDecoder.TEMPLATE_ID ->
            {
                final WithdrawDecoder d = new WithdrawDecoder().wrap(buffer, body, block, version);
                yield transfer(d.accountId(), d.assetId(), d.amount(), false, out);
            }
            case AddInstrumentDecoder.TEMPLATE_ID -> addInstrument(new AddInstrumentDecoder().wrap(buffer, body,
                block, version), out);
            case PlaceOrderDecoder.TEMPLATE_ID -> place(new PlaceOrderDecoder().wrap(buffer, body, block, version),
                out);
            case CancelOrderDecoder.TEMPLATE_ID -> cancel(new CancelOrderDecoder().wrap(buffer, body, block,
                version), out);
            case AmendOrderDecoder.TEMPLATE_ID -> amend(new AmendOrderDecoder().wrap(buffer, body, block, version),
                out);
            default -> RejectReason.UNKNOWN_COMMAND;
        };
        if (reason != 0)
        {
            out.clear();
            out.add("REJECT " + reason);
        }
        else
        {
            apply(out);
        }
        return out;
    }

    // The handle part below only reads state and writes lines; apply(out) then changes the state from the lines,
    // just as the engine applies events. Pending changes are kept here.
    private final List<Runnable> pending = new ArrayList<>();

    private void apply(final List<String> out)
    {
        pending.forEach(Runnable::run);
        pending.clear();
    }

    private int open(final long account, final List<String> out)
    {
        pending.clear();
        if (account <= 0)
        {
            return INVALID_ACCOUNT_ID;
        }
        if (available.containsKey(account))
        {
            return ACCOUNT_EXISTS;
        }
        out.add("AccountOpened account=" + account);
        pending.add(() ->
        {
            available.put(account, new long[maxAssets]);
            reserved.put(account, new long[maxAssets]);
        });
        return 0;
    }

    private int transfer(final long account, final int asset, final long amount, final boolean in,
        final List<String> out)
    {
        pending.clear();
        if (!available.containsKey(account))
        {
            return UNKNOWN_ACCOUNT;
        }
        if (asset < 0 || asset >= maxAssets)
        {
            return UNKNOWN_ASSET;
        }
        if (amount <= 0)
        {
            return NON_POSITIVE_AMOUNT;
        }
        final long[] balances = available.get(account);
        if (in && balances[asset] > Long.MAX_VALUE - amount)
        {
            return ARITHMETIC_OVERFLOW;
        }
        if (!in && amount > balances[asset])
        {
            return INSUFFICIENT_FUNDS;
        }
        out.add((in ? "Deposited" : "Withdrawn") + " account=" + account + " asset=" + asset + " amount=" + amount);
        pending.add(() -> balances[asset] += in ? amount : -amount);
        return 0;
    }

    private int addInstrument(final AddInstrumentDecoder d, final List<String> out)
    {
        pending.clear();
        final int id = d.instrumentId();
        if (instruments.containsKey(id))
        {
            return INSTRUMENT_EXISTS;
        }
        final int base = d.baseAsset();
        final int quote = d.quoteAsset();
        if (base < 0 || base >= maxAssets || quote < 0 || quote >= maxAssets || base == quote ||
            d.priceTick() <= 0 || d.lotSize() <= 0)
        {
            return INVALID_INSTRUMENT;
        }
        final long[] spec = { base, quote, d.priceTick(), d.lotSize() };
        out.add("InstrumentAdded id=" + id + " base=" + base + " quote=" + quote + " tick=" + spec[2] +
            " lot=" + spec[3]);
        pending.add(() -> instruments.put(id, spec));
        return 0;
    }

    private int place(final PlaceOrderDecoder d, final List<String> out)
    {
        pending.clear();
        final long account = d.accountId();
        final long[] spec = instruments.get(d.instrumentId());
        if (!available.containsKey(account))
        {
            return UNKNOWN_ACCOUNT;
        }
        if (spec == null)
        {
            return UNKNOWN_INSTRUMENT;
        }
        if (d.sideRaw() > 1)
        {
            return INVALID_SIDE;
        }
        if (d.timeInForceRaw() > 1)
        {
            return INVALID_TIME_IN_FORCE;
        }
        final long price = d.price();
        final long quantity = d.quantity();
        final int invalid = invalid(spec, price, quantity);
        if (invalid != 0)
        {
            return invalid;
        }
        for (final Order o : orders)
        {
            if (o.account == account && o.clientOrderId == d.clientOrderId())
            {
                return DUPLICATE_CLIENT_ORDER_ID;
            }
        }
        final boolean buy = d.sideRaw() == 0;
        final boolean ioc = d.timeInForceRaw() == 1;
        final long need;
        try
        {
            need = buy ? Math.multiplyExact(price, quantity) : quantity;
        }
        catch (final ArithmeticException ex)
        {
            return ARITHMETIC_OVERFLOW;
        }
        final int asset = (int)(buy ? spec[1] : spec[0]);
        if (need > available.get(account)[asset])
        {
            return INSUFFICIENT_FUNDS;
        }
        final Order order = new Order();
        order.id = nextOrderId;
        order.account = account;
        order.clientOrderId = d.clientOrderId();
        order.instrument = d.instrumentId();
        order.buy = buy;
        order.price = price;
        order.remaining = quantity;
        out.add("OrderAccepted id=" + order.id + " account=" + account + " clientOrderId=" + order.clientOrderId +
            " instrument=" + order.instrument + " buy=" + buy + " ioc=" + ioc + " price=" + price + " quantity=" +
            quantity + " reserved=" + need + " asset=" + asset);
        pending.add(() ->
        {
            nextOrderId++;
            order.time = ++clock;
            orders.add(order);
            available.get(account)[asset] -= need;
            reserved.get(account)[asset] += need;
        });
        final int matched = match(order, price, quantity, spec, out);
        if (matched < 0)
        {
            return -matched;
        }
        final long left = lastLeft;
        if (left > 0 && ioc)
        {
            final long release = buy ? price * left : left;
            out.add("OrderCancelled id=" + order.id + " account=" + account + " remaining=" + left + " released=" +
                release + " asset=" + asset);
            pending.add(() -> retire(order, release));
        }
        return 0;
    }

    /** The taker's quantity left after the last {@link #match}. */
    private long lastLeft;

    /**
     * @return 0, or minus a reject reason.
     */
    private int match(final Order taker, final long price, final long quantity, final long[] spec,
        final List<String> out)
    {
        final List<Order> makers = new ArrayList<>();
        for (final Order o : orders)
        {
            if (o.instrument == taker.instrument && o.buy != taker.buy && o.id != taker.id &&
                (taker.buy ? o.price <= price : o.price >= price))
            {
                makers.add(o);
            }
        }
        makers.sort(Comparator.<Order>comparingLong(o -> taker.buy ? o.price : -o.price)
            .thenComparingLong(o -> o.time));
        long left = quantity;
        int fills = 0;
        long takerGets = 0;
        for (final Order maker : makers)
        {
            if (left == 0)
            {
                break;
            }
            if (++fills > maxFills)
            {
                return -TOO_MANY_FILLS;
            }
            final long fill = Math.min(left, maker.remaining);
            final long value;
            try
            {
                value = Math.multiplyExact(maker.price, fill);
                takerGets = Math.addExact(takerGets, taker.buy ? fill : value);
                final long makerGets = taker.buy ? value : fill;
                final int makerAsset = (int)(taker.buy ? spec[1] : spec[0]);
                final int takerAsset = (int)(taker.buy ? spec[0] : spec[1]);
                Math.addExact(available.get(maker.account)[makerAsset], makerGets);
                Math.addExact(available.get(taker.account)[takerAsset], takerGets);
            }
            catch (final ArithmeticException ex)
            {
                return -ARITHMETIC_OVERFLOW;
            }
            final long refund = taker.buy ? (price - maker.price) * fill : 0;
            out.add("TradeExecuted instrument=" + taker.instrument + " maker=" + maker.id + " taker=" + taker.id +
                " makerAccount=" + maker.account + " takerAccount=" + taker.account + " takerBuys=" + taker.buy +
                " price=" + maker.price + " quantity=" + fill + " refund=" + refund + " base=" + spec[0] +
                " quote=" + spec[1]);
            final long tradePrice = maker.price;
            pending.add(() -> settle(maker, taker, tradePrice, fill, refund, spec));
            left -= fill;
        }
        lastLeft = left;
        return 0;
    }

    private void settle(final Order maker, final Order taker, final long price, final long fill, final long refund,
        final long[] spec)
    {
        final Order buy = taker.buy ? taker : maker;
        final Order sell = taker.buy ? maker : taker;
        final int base = (int)spec[0];
        final int quote = (int)spec[1];
        reserved.get(buy.account)[quote] -= buy.price * fill;
        available.get(buy.account)[quote] += refund;
        available.get(buy.account)[base] += fill;
        reserved.get(sell.account)[base] -= fill;
        available.get(sell.account)[quote] += price * fill;
        maker.remaining -= fill;
        taker.remaining -= fill;
        if (maker.remaining == 0)
        {
            orders.remove(maker);
        }
        if (taker.remaining == 0)
        {
            orders.remove(taker);
        }
    }

    private void retire(final Order order, final long release)
    {
        final long[] spec = instruments.get(order.instrument);
        final int asset = (int)(order.buy ? spec[1] : spec[0]);
        reserved.get(order.account)[asset] -= release;
        available.get(order.account)[asset] += release;
        orders.remove(order);
    }

    private Order owned(final long account, final long id, final int[] reason)
    {
        if (!available.containsKey(account))
        {
            reason[0] = UNKNOWN_ACCOUNT;
            return null;
        }
        for (final Order o : orders)
        {
            if (o.id == id)
            {
                if (o.account != account)
                {
                    reason[0] = ORDER_NOT_OWNED;
                    return null;
                }
                return o;
            }
        }
        reason[0] = UNKNOWN_ORDER;
        return null;
    }

    private int cancel(final CancelOrderDecoder d, final List<String> out)
    {
        pending.clear();
        final int[] reason = { 0 };
        final Order order = owned(d.accountId(), d.orderId(), reason);
        if (order == null)
        {
            return reason[0];
        }
        final long release = order.buy ? order.price * order.remaining : order.remaining;
        final long[] spec = instruments.get(order.instrument);
        out.add("OrderCancelled id=" + order.id + " account=" + order.account + " remaining=" + order.remaining +
            " released=" + release + " asset=" + (order.buy ? spec[1] : spec[0]));
        pending.add(() -> retire(order, release));
        return 0;
    }

    private int amend(final AmendOrderDecoder d, final List<String> out)
    {
        pending.clear();
        final int[] reason = { 0 };
        final Order order = owned(d.accountId(), d.orderId(), reason);
        if (order == null)
        {
            return reason[0];
        }
        final long[] spec = instruments.get(order.instrument);
        final long price = d.newPrice();
        final long quantity = d.newQuantity();
        final int invalid = invalid(spec, price, quantity);
        if (invalid != 0)
        {
            return invalid;
        }
        final long newNeed;
        try
        {
            newNeed = order.buy ? Math.multiplyExact(price, quantity) : quantity;
        }
        catch (final ArithmeticException ex)
        {
            return ARITHMETIC_OVERFLOW;
        }
        final long oldNeed = order.buy ? order.price * order.remaining : order.remaining;
        final long delta = newNeed - oldNeed;
        final int asset = (int)(order.buy ? spec[1] : spec[0]);
        if (delta > available.get(order.account)[asset])
        {
            return INSUFFICIENT_FUNDS;
        }
        final boolean keeps = price == order.price && quantity <= order.remaining;
        out.add("OrderAmended id=" + order.id + " account=" + order.account + " price=" + price + " quantity=" +
            quantity + " delta=" + delta + " keepsPriority=" + keeps + " asset=" + asset);
        pending.add(() ->
        {
            reserved.get(order.account)[asset] += delta;
            available.get(order.account)[asset] -= delta;
            order.price = price;
            order.remaining = quantity;
            if (!keeps)
            {
                order.time = ++clock;
            }
        });
        if (!keeps)
        {
            final int matched = match(order, price, quantity, spec, out);
            if (matched < 0)
            {
                return -matched;
            }
        }
        return 0;
    }

    private static int invalid(final long[] spec, final long price, final long quantity)
    {
        if (price <= 0 || price % spec[2] != 0)
        {
            return INVALID_PRICE;
        }
        if (quantity <= 0 || quantity % spec[3] != 0)
        {
            return INVALID_QUANTITY;
        }
        return 0;
    }

    /**
     * @param account an account.
     * @param asset   an asset.
     * @return its available balance, 0 for an account that is not open.
     */
    public long available(final long account, final int asset)
    {
        final long[] balances = available.get(account);
        return balances == null ? 0 : balances[asset];
    }

    /**
     * @param account an account.
     * @param asset   an asset.
     * @return its reserved balance, 0 for an account that is not open.
     */
    public long reserved(final long account, final int asset)
    {
        final long[] balances = reserved.get(account);
        return balances == null ? 0 : balances[asset];
    }

    /**
     * @param orderId an order.
     * @return its open quantity, 0 when it is not live.
     */
    public long openQuantity(final long orderId)
    {
        for (final Order order : orders)
        {
            if (order.id == orderId)
            {
                return order.remaining;
            }
        }
        return 0;
    }

    /**
     * @param asset an asset.
     * @return the sum of available and reserved over all accounts.
     */
    public long total(final int asset)
    {
        long total = 0;
        for (final long account : available.keySet())
        {
            total += available.get(account)[asset] + reserved.get(account)[asset];
        }
        return total;
    }
}
