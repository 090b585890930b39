package io.sequent.jmh;

import com.lmax.disruptor.RingBuffer;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.engine.ring.CommandSlot;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.sequencer.Sequencer;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import io.sequent.engine.ledger.ClientLedger;

/**
 * The exchange's order commands through the sequencer (handle, apply, event-ring publish) on one thread, against a
 * book holding 1,000 resting orders per side over 100 price levels. Each benchmark is a sequence of commands that
 * leaves the book as it found it, so it can repeat forever; the score is per sequence. Run with {@code -prof gc}:
 * the expected allocation is ~0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatchingBenchmark
{
    private static final int MARKET = 1;
    private static final long MID = 100_000;

    private Sequencer<ExchangeState> sequencer;
    private ExchangeState state;
    private final ExchangeCommands commands = new ExchangeCommands();
    private final CommandSlot slot = new CommandSlot(256);
    private long ringSequence;
    private long clientOrderId = 1_000_000;

    /**
     * Lists the instrument, funds two accounts and fills both sides of the book.
     */
    @Setup
    public void setUp()
    {
        final ExchangeDomain domain = new ExchangeDomain();
        state = domain.newState();
        // No gating consumers: the ring wraps freely, so only the sequencer's work is measured.
        final RingBuffer<EventSlot> eventRing = RingBuffer.createSingleProducer(() -> new EventSlot(4096), 1024);
        sequencer = new Sequencer<>(domain, state, new ClientLedger(ClientLedger.DEFAULT_WINDOW), eventRing, null,
            new SystemEpochNanoClock(), 0, 256, 16, 4096);
        run(commands.addInstrument(slot.buffer(), 0, MARKET, 1, 0, 1, 1));
        for (long account = 1; account <= 3; account++)
        {
            run(commands.openAccount(slot.buffer(), 0, account));
            run(commands.deposit(slot.buffer(), 0, account, 0, 1L << 50));
            run(commands.deposit(slot.buffer(), 0, account, 1, 1L << 50));
        }
        for (int i = 0; i < 1_000; i++)
        {
            place(1, Side.BUY, TimeInForce.GTC, MID - 1 - i % 100, 10);
            place(1, Side.SELL, TimeInForce.GTC, MID + 1 + i % 100, 10);
        }
    }

    private void run(final int length)
    {
        slot.set(1, 1, ringSequence, length);
        sequencer.sequence(slot);
        sequencer.publish();
        ringSequence++;
    }

    private long place(final long account, final Side side, final TimeInForce tif, final long price, final long qty)
    {
        final long orderId = state.nextOrderId();
        run(commands.placeOrder(slot.buffer(), 0, account, clientOrderId++, MARKET, side, tif, price, qty));
        return orderId;
    }

    /**
     * Place a GTC order that rests (inside the spread), then cancel it: 2 commands.
     *
     * @return state to keep the work alive.
     */
    @Benchmark
    public long placeRestingThenCancel()
    {
        final long orderId = place(2, Side.BUY, TimeInForce.GTC, MID, 10);
        run(commands.cancelOrder(slot.buffer(), 0, 2, orderId));
        return state.nextOrderId();
    }

    /**
     * A maker rests inside the spread, then an IOC taker fills it whole: 2 commands, one trade.
     *
     * @return state to keep the work alive.
     */
    @Benchmark
    public long placeCrossingOneFill()
    {
        place(2, Side.SELL, TimeInForce.GTC, MID, 10);
        place(3, Side.BUY, TimeInForce.IOC, MID, 10);
        return state.nextOrderId();
    }

    /**
     * Five makers rest at the same price inside the spread, then one IOC taker sweeps them: 6 commands, 5 trades.
     *
     * @return state to keep the work alive.
     */
    @Benchmark
    public long placeCrossingFiveFills()
    {
        for (int i = 0; i < 5; i++)
        {
            place(2, Side.SELL, TimeInForce.GTC, MID, 10);
        }
        place(3, Side.BUY, TimeInForce.IOC, MID, 50);
        return state.nextOrderId();
    }

    /**
     * A resting order moves one level away and back, losing priority each time, then is cancelled; 4 commands.
     *
     * @return state to keep the work alive.
     */
    @Benchmark
    public long placeAmendTwiceCancel()
    {
        final long orderId = place(2, Side.BUY, TimeInForce.GTC, MID - 50, 10);
        run(commands.amendOrder(slot.buffer(), 0, 2, orderId, MID - 51, 10));
        run(commands.amendOrder(slot.buffer(), 0, 2, orderId, MID - 50, 5));
        run(commands.cancelOrder(slot.buffer(), 0, 2, orderId));
        return state.nextOrderId();
    }
}
