package io.sequent.jmh.exchangecore;

import io.sequent.codecs.exchange.AddInstrumentDecoder;
import io.sequent.codecs.exchange.AmendOrderDecoder;
import io.sequent.codecs.exchange.CancelOrderDecoder;
import io.sequent.codecs.exchange.DepositDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OpenAccountDecoder;
import io.sequent.codecs.exchange.PlaceOrderDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.book.Order;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The same order flow, command for command, as exchange-core commands: a flat {@code long[]} of
 * {@link #LONGS_PER_COMMAND} longs per command (only JDK types, because exchange-core runs in a class loader of its
 * own, see {@link IsolatedExchangeCore}).
 * <p>
 * exchange-core takes order ids from the client where Sequent assigns them, and names the instrument in a cancel or
 * an amend where Sequent looks it up; so the flow is run once through a shadow {@link ExchangeDomain}, which tells
 * the id each order gets and the instrument and remaining quantity of each order a command names. An amend becomes
 * exchange-core's move (new price, same quantity) or reduce (same price, smaller quantity): the
 * {@link OrderFlowGenerator.Mix#PLACE_CANCEL} mix makes only those two.
 */
public final class ExchangeCoreFlow
{
    /** Longs per command: kind, then up to seven fields. */
    public static final int LONGS_PER_COMMAND = 8;
    /** Kind: add a symbol (symbol, base currency, quote currency). */
    public static final int SYMBOL = 1;
    /** Kind: add a user (uid). */
    public static final int USER = 2;
    /** Kind: credit a user (uid, currency, amount). */
    public static final int DEPOSIT = 3;
    /** Kind: place an order (uid, symbol, order id, price, size, 1 for a bid, 1 for IOC). */
    public static final int PLACE = 4;
    /** Kind: cancel an order (uid, symbol, order id). */
    public static final int CANCEL = 5;
    /** Kind: move an order to a new price (uid, symbol, order id, new price). */
    public static final int MOVE = 6;
    /** Kind: reduce an order's size (uid, symbol, order id, by how much). */
    public static final int REDUCE = 7;

    private final long[] commands;
    private final int count;

    private ExchangeCoreFlow(final long[] commands, final int count)
    {
        this.commands = commands;
        this.count = count;
    }

    /**
     * Translates a flow.
     *
     * @param flow generated with {@link OrderFlowGenerator.Mix#PLACE_CANCEL}.
     * @return the same commands for exchange-core.
     * @throws IllegalArgumentException for a command that has no exchange-core equivalent here.
     */
    public static ExchangeCoreFlow of(final OrderFlowGenerator.Flow flow)
    {
        final ExchangeCoreFlow result = new ExchangeCoreFlow(new long[flow.count() * LONGS_PER_COMMAND], flow.count());
        final ExchangeDomain shadow = new ExchangeDomain();
        final ExchangeState state = shadow.newState();
        final RecordingEventAppender events = new RecordingEventAppender();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final Decoders decoders = new Decoders();
        final UnsafeBuffer buffer = flow.buffer();
        for (int i = 0; i < flow.count(); i++)
        {
            final int offset = flow.offset(i);
            header.wrap(buffer, offset);
            result.translate(i, header, buffer, offset, state, decoders);
            events.execute(shadow, buffer, offset, flow.length(i), state);
        }
        return result;
    }

    private void translate(
        final int index,
        final MessageHeaderDecoder header,
        final UnsafeBuffer buffer,
        final int offset,
        final ExchangeState state,
        final Decoders d)
    {
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int at = index * LONGS_PER_COMMAND;
        switch (header.templateId())
        {
            case AddInstrumentDecoder.TEMPLATE_ID ->
            {
                d.addInstrument.wrap(buffer, body, blockLength, version);
                put(at, SYMBOL, d.addInstrument.instrumentId(), currency(d.addInstrument.baseAsset()),
                    currency(d.addInstrument.quoteAsset()), 0, 0, 0, 0);
            }
            case OpenAccountDecoder.TEMPLATE_ID ->
            {
                d.openAccount.wrap(buffer, body, blockLength, version);
                put(at, USER, d.openAccount.accountId(), 0, 0, 0, 0, 0, 0);
            }
            case DepositDecoder.TEMPLATE_ID ->
            {
                d.deposit.wrap(buffer, body, blockLength, version);
                put(at, DEPOSIT, d.deposit.accountId(), currency(d.deposit.assetId()), d.deposit.amount(), 0, 0, 0, 0);
            }
            case PlaceOrderDecoder.TEMPLATE_ID ->
            {
                final PlaceOrderDecoder place = d.placeOrder.wrap(buffer, body, blockLength, version);
                final boolean ioc = place.timeInForce() == TimeInForce.IOC;
                put(at, PLACE, place.accountId(), place.instrumentId(), state.nextOrderId(), place.price(),
                    place.quantity(), place.side() == Side.BUY ? 1 : 0, ioc ? 1 : 0);
            }
            case CancelOrderDecoder.TEMPLATE_ID ->
            {
                d.cancelOrder.wrap(buffer, body, blockLength, version);
                final Order order = live(state, d.cancelOrder.orderId(), index);
                put(at, CANCEL, order.accountId(), order.instrument().id(), order.orderId(), 0, 0, 0, 0);
            }
            case AmendOrderDecoder.TEMPLATE_ID ->
            {
                final AmendOrderDecoder amend = d.amendOrder.wrap(buffer, body, blockLength, version);
                final Order order = live(state, amend.orderId(), index);
                if (amend.newQuantity() == order.remaining())
                {
                    put(at, MOVE, order.accountId(), order.instrument().id(), order.orderId(), amend.newPrice(), 0, 0,
                        0);
                }
                else if (amend.newPrice() == order.price() && amend.newQuantity() < order.remaining())
                {
                    put(at, REDUCE, order.accountId(), order.instrument().id(), order.orderId(),
                        order.remaining() - amend.newQuantity(), 0, 0, 0);
                }
                else
                {
                    throw new IllegalArgumentException("command " + index + " amends price and quantity at once");
                }
            }
            default -> throw new IllegalArgumentException(
                "command " + index + ": template " + header.templateId() + " has no exchange-core equivalent here");
        }
    }

    private static Order live(final ExchangeState state, final long orderId, final int index)
    {
        final Order order = state.order(orderId);
        if (order == null)
        {
            throw new IllegalArgumentException("command " + index + " names order " + orderId + ", not live");
        }
        return order;
    }

    /**
     * exchange-core's currency for a Sequent asset: asset + 1, so that no currency is 0.
     */
    private static long currency(final int asset)
    {
        return asset + 1L;
    }

    private void put(
        final int at, final int kind, final long a, final long b, final long c, final long d, final long e,
        final long f, final long g)
    {
        commands[at] = kind;
        commands[at + 1] = a;
        commands[at + 2] = b;
        commands[at + 3] = c;
        commands[at + 4] = d;
        commands[at + 5] = e;
        commands[at + 6] = f;
        commands[at + 7] = g;
    }

    /** @return {@link #LONGS_PER_COMMAND} longs per command. */
    public long[] commands()
    {
        return commands;
    }

    /** @return commands, setup included. */
    public int count()
    {
        return count;
    }

    /**
     * @param from first command counted.
     * @return what share of the commands from {@code from} on is GTC, cancel, IOC, amend, e.g.
     *         {@code "GTC 50.1 %, cancel 29.9 %, IOC 10.0 %, amend 10.0 %"}.
     */
    public String mix(final int from)
    {
        long gtc = 0;
        long cancel = 0;
        long ioc = 0;
        long amend = 0;
        for (int i = from; i < count; i++)
        {
            final long kind = commands[i * LONGS_PER_COMMAND];
            if (kind == PLACE)
            {
                if (commands[i * LONGS_PER_COMMAND + 7] == 1)
                {
                    ioc++;
                }
                else
                {
                    gtc++;
                }
            }
            cancel += kind == CANCEL ? 1 : 0;
            amend += kind == MOVE || kind == REDUCE ? 1 : 0;
        }
        final double n = Math.max(1, count - from) / 100.0;
        return String.format("GTC %.1f %%, cancel %.1f %%, IOC %.1f %%, amend %.1f %%", gtc / n, cancel / n, ioc / n,
            amend / n);
    }

    /**
     * The flyweights, one of each.
     */
    private static final class Decoders
    {
        private final AddInstrumentDecoder addInstrument = new AddInstrumentDecoder();
        private final OpenAccountDecoder openAccount = new OpenAccountDecoder();
        private final DepositDecoder deposit = new DepositDecoder();
        private final PlaceOrderDecoder placeOrder = new PlaceOrderDecoder();
        private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
        private final AmendOrderDecoder amendOrder = new AmendOrderDecoder();
    }
}
