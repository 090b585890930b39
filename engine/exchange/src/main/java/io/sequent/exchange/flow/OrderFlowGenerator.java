package io.sequent.exchange.flow;

import io.sequent.codecs.exchange.AddInstrumentDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OpenAccountDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.book.Order;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * A seeded order flow over N accounts and M instruments, in one of two {@link Mix}es: by default the mix exchange-core
 * benchmarks with (about 13 % GTC orders, 2 % IOC orders, 7 % cancels, 71 % amends that move the price and 7 % that
 * reduce the quantity, plus 2 % faulty commands), or {@link Mix#PLACE_CANCEL}. The same seed gives the same commands,
 * byte for byte.
 * <p>
 * To pick realistic cancels and amends it must know which orders are live, so it runs every command it generates
 * through a shadow {@link ExchangeDomain} of its own. That shadow only steers the choice; tests check the engine
 * against an independent reference model.
 */
public final class OrderFlowGenerator
{
    /** Quote and base deposited per account and asset at setup. */
    public static final long INITIAL_BALANCE = 1_000_000_000_000L;
    private static final long TICK = 1;
    private static final long LOT = 1;
    private static final int MAX_LIVE_ORDERS_PER_INSTRUMENT = 500;

    private final SplittableRandom random;
    private final int accounts;
    private final long firstAccountId;
    private final int instruments;
    private final ExchangeDomain shadow = new ExchangeDomain();
    private final ExchangeState state = shadow.newState();
    private final ExchangeCommands commands = new ExchangeCommands();
    private final RecordingEventAppender events = new RecordingEventAppender();
    private final long[] mid;
    private final Mix mix;
    private long nextClientOrderId = 1;

    /**
     * The mix of order commands after the setup.
     */
    public enum Mix
    {
        /** exchange-core's own benchmark mix: mostly amends (see the class comment), with 2 % faulty commands. */
        EXCHANGE_CORE_TESTS,
        /**
         * About 50 % GTC limit orders near the middle, 30 % cancels of live orders, 10 % IOC orders priced through
         * the middle (they cross whenever the other side has orders) and 10 % amends of live orders (half move the
         * price by 1 to 3 ticks, half reduce the quantity, so that each maps onto one exchange-core move or reduce);
         * no faulty commands, so that every command means the same to any exchange that runs it.
         */
        PLACE_CANCEL
    }

    /**
     * @param seed        of the flow.
     * @param accounts    accounts trading (ids 1..accounts).
     * @param instruments instruments (ids 1..instruments; instrument i trades asset i against asset 0).
     */
    public OrderFlowGenerator(final long seed, final int accounts, final int instruments)
    {
        this(seed, accounts, 1, instruments);
    }

    /**
     * @param seed           of the flow.
     * @param accounts       accounts trading.
     * @param firstAccountId their ids are firstAccountId..firstAccountId + accounts - 1.
     * @param instruments    instruments (ids 1..instruments; instrument i trades asset i against asset 0).
     */
    public OrderFlowGenerator(final long seed, final int accounts, final long firstAccountId, final int instruments)
    {
        this(seed, accounts, firstAccountId, instruments, Mix.EXCHANGE_CORE_TESTS);
    }

    /**
     * @param seed           of the flow.
     * @param accounts       accounts trading.
     * @param firstAccountId their ids are firstAccountId..firstAccountId + accounts - 1.
     * @param instruments    instruments (ids 1..instruments; instrument i trades asset i against asset 0).
     * @param mix            of the order commands.
     */
    public OrderFlowGenerator(
        final long seed, final int accounts, final long firstAccountId, final int instruments, final Mix mix)
    {
        this.mix = mix;
        this.firstAccountId = firstAccountId;
        if (instruments < 1 || instruments >= ExchangeState.DEFAULT_MAX_ASSETS || accounts < 2)
        {
            throw new IllegalArgumentException("need 2+ accounts and 1.." + (ExchangeState.DEFAULT_MAX_ASSETS - 1) +
                " instruments: " + accounts + ", " + instruments);
        }
        this.random = new SplittableRandom(seed);
        this.accounts = accounts;
        this.instruments = instruments;
        this.mid = new long[instruments + 1];
        for (int i = 1; i <= instruments; i++)
        {
            mid[i] = 10_000 + 1_000L * i;
        }
    }

    /**
     * Generates the setup (instruments, accounts, deposits) followed by {@code count} order commands.
     *
     * @param count order commands after the setup.
     * @return the commands.
     */
    public Flow generate(final int count)
    {
        final int setup = instruments + accounts * (2 + instruments);
        final Flow flow = new Flow(setup + count, setup);
        for (int i = 1; i <= instruments; i++)
        {
            add(flow, commands.addInstrument(flow.scratch, 0, i, i, 0, TICK, LOT));
        }
        for (long account = firstAccountId; account < firstAccountId + accounts; account++)
        {
            add(flow, commands.openAccount(flow.scratch, 0, account));
            for (int asset = 0; asset <= instruments; asset++)
            {
                add(flow, commands.deposit(flow.scratch, 0, account, asset, INITIAL_BALANCE));
            }
        }
        for (int i = 0; i < count; i++)
        {
            add(flow, mix == Mix.PLACE_CANCEL ? nextPlaceCancel(flow.scratch) : next(flow.scratch));
        }
        return flow;
    }

    private int next(final MutableDirectBuffer buffer)
    {
        // Keep the books at a steady depth, as a real market's are: past it, new orders give way to cancels.
        final int roll = state.orderCount() > MAX_LIVE_ORDERS_PER_INSTRUMENT * instruments && random.nextInt(100) < 15 ?
            15 + random.nextInt(7) : random.nextInt(100);
        if (random.nextInt(100) < 2)
        {
            return faulty(buffer);
        }
        final Order live = roll >= 15 ? randomLiveOrder() : null;
        if (live == null)
        {
            return place(buffer, roll == 13 || roll == 14);
        }
        if (roll < 22)
        {
            return commands.cancelOrder(buffer, 0, live.accountId(), live.orderId());
        }
        if (roll < 93)
        {
            final long price = Math.max(TICK, live.price() + (random.nextInt(7) - 3) * TICK);
            return commands.amendOrder(buffer, 0, live.accountId(), live.orderId(), price, live.remaining());
        }
        final long quantity = live.remaining() > LOT ? live.remaining() - LOT * (1 + random.nextInt(
            (int)Math.min(live.remaining() / LOT - 1, 10))) : live.remaining();
        return commands.amendOrder(buffer, 0, live.accountId(), live.orderId(), live.price(), quantity);
    }

    private int nextPlaceCancel(final MutableDirectBuffer buffer)
    {
        final int roll = random.nextInt(100);
        if (roll >= 80 && roll < 90)
        {
            return placeCrossingIoc(buffer);
        }
        // Probe harder than the default mix: 40 % of this mix must find a live order, and a miss turns into a GTC.
        final Order live = roll >= 50 ? randomLiveOrder(64) : null;
        if (live == null)
        {
            return place(buffer, false);
        }
        if (roll < 80)
        {
            return commands.cancelOrder(buffer, 0, live.accountId(), live.orderId());
        }
        if ((roll & 1) == 0 || live.remaining() <= LOT)
        {
            final int ticks = 1 + random.nextInt(3);
            final long price = Math.max(TICK, live.price() + (random.nextBoolean() ? ticks : -ticks) * TICK);
            return commands.amendOrder(buffer, 0, live.accountId(), live.orderId(), price, live.remaining());
        }
        final long quantity = live.remaining() - LOT * (1 + random.nextInt(
            (int)Math.min(live.remaining() / LOT - 1, 10)));
        return commands.amendOrder(buffer, 0, live.accountId(), live.orderId(), live.price(), quantity);
    }

    private int placeCrossingIoc(final MutableDirectBuffer buffer)
    {
        final int instrument = 1 + random.nextInt(instruments);
        final boolean buy = random.nextBoolean();
        final long through = (1 + random.nextInt(10)) * TICK;
        final long price = Math.max(TICK, buy ? mid[instrument] + through : mid[instrument] - through);
        final long quantity = LOT * (1 + random.nextInt(20));
        final long account = firstAccountId + random.nextInt(accounts);
        return commands.placeOrder(buffer, 0, account, nextClientOrderId++, instrument,
            buy ? Side.BUY : Side.SELL, TimeInForce.IOC, price, quantity);
    }

    /**
     * A command a careless client sends, so the flow also exercises the rejections.
     */
    private int faulty(final MutableDirectBuffer buffer)
    {
        final long account = firstAccountId + random.nextInt(accounts);
        final int instrument = 1 + random.nextInt(instruments);
        final Order live = randomLiveOrder();
        return switch (random.nextInt(5))
        {
            case 0 -> commands.cancelOrder(buffer, 0, account, state.nextOrderId() + random.nextInt(100));
            case 1 -> live == null ? commands.cancelOrder(buffer, 0, account, 0) :
                commands.amendOrder(buffer, 0,
                firstAccountId + (live.accountId() - firstAccountId + 1) % accounts, live.orderId(), live.price(), 1);
            case 2 -> commands.placeOrder(buffer, 0, account, nextClientOrderId++, instrument, Side.BUY,
                TimeInForce.GTC, 0, 10);
            case 3 -> commands.placeOrder(buffer, 0, account, nextClientOrderId++, instrument, Side.SELL,
                TimeInForce.GTC, mid[instrument], INITIAL_BALANCE + 1);
            default -> commands.placeOrder(buffer, 0, account, nextClientOrderId++, instruments + 1, Side.BUY,
                TimeInForce.IOC, mid[1], 1);
        };
    }

    private int place(final MutableDirectBuffer buffer, final boolean ioc)
    {
        final int instrument = 1 + random.nextInt(instruments);
        final boolean buy = random.nextBoolean();
        // Mostly near the middle, some through it so that orders trade; the middle drifts.
        mid[instrument] = Math.max(100, mid[instrument] + random.nextInt(3) - 1);
        final long offset = random.nextInt(20) - (ioc ? 10 : 4);
        final long price = Math.max(TICK, buy ? mid[instrument] - offset : mid[instrument] + offset);
        final long quantity = LOT * (1 + random.nextInt(ioc ? 50 : 20));
        final long account = firstAccountId + random.nextInt(accounts);
        return commands.placeOrder(buffer, 0, account, nextClientOrderId++, instrument,
            buy ? Side.BUY : Side.SELL, ioc ? TimeInForce.IOC : TimeInForce.GTC, price, quantity);
    }

    private Order randomLiveOrder()
    {
        return randomLiveOrder(8);
    }

    private Order randomLiveOrder(final int attempts)
    {
        if (state.orderCount() == 0)
        {
            return null;
        }
        // Order ids are dense from 1; probe a few recent ids for one still live.
        final long newest = state.nextOrderId() - 1;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            final long id = newest - random.nextInt((int)Math.min(newest, 2_000));
            final Order order = state.order(id);
            if (order != null)
            {
                return order;
            }
        }
        return null;
    }

    private void add(final Flow flow, final int length)
    {
        events.execute(shadow, flow.scratch, 0, length, state);
        flow.append(length);
    }

    /**
     * Generated commands, one after another in one buffer.
     */
    public static final class Flow
    {
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
        private final int[] offsets;
        private final int[] lengths;
        private final int setupCount;
        private int count;
        private int limit;

        Flow(final int capacity, final int setupCount)
        {
            this.offsets = new int[capacity];
            this.lengths = new int[capacity];
            this.setupCount = setupCount;
        }

        private void append(final int length)
        {
            if (limit + length > buffer.capacity())
            {
                final UnsafeBuffer bigger = new UnsafeBuffer(new byte[buffer.capacity() * 2]);
                bigger.putBytes(0, buffer, 0, limit);
                buffer = bigger;
            }
            buffer.putBytes(limit, scratch, 0, length);
            offsets[count] = limit;
            lengths[count] = length;
            limit += length;
            count++;
        }

        /** @return the buffer holding every command. */
        public UnsafeBuffer buffer()
        {
            return buffer;
        }

        /**
         * @param index of a command.
         * @return its offset in {@link #buffer()}.
         */
        public int offset(final int index)
        {
            return offsets[index];
        }

        /**
         * @param index of a command.
         * @return its length.
         */
        public int length(final int index)
        {
            return lengths[index];
        }

        /**
         * @param index of a command.
         * @return the account it acts on (every command but {@code AddInstrument} names one as its first field), 0
         *         for {@code AddInstrument}: so that a load split over several clients can send each account's
         *         commands from the client that owns it.
         */
        public long accountId(final int index)
        {
            header.wrap(buffer, offsets[index]);
            return header.templateId() == AddInstrumentDecoder.TEMPLATE_ID ? 0 :
                buffer.getLong(offsets[index] + MessageHeaderDecoder.ENCODED_LENGTH +
                    OpenAccountDecoder.accountIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
        }

        /** @return commands, setup included. */
        public int count()
        {
            return count;
        }

        /** @return how many of the first commands are setup (instruments, accounts, deposits). */
        public int setupCount()
        {
            return setupCount;
        }
    }
}
