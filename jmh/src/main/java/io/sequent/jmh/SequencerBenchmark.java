package io.sequent.jmh;

import com.lmax.disruptor.RingBuffer;
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
 * The sequencer's own cost per command, on one thread with no ring consumers: timestamp, header checks,
 * {@code handle} of the exchange domain, {@code apply} of its events, and the event-ring publish.
 * Run with {@code -prof gc} to see the allocation per command (expected: ~0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SequencerBenchmark
{
    private static final int ACCOUNTS = 10_000;

    private Sequencer<ExchangeState> sequencer;
    private final CommandSlot[] deposits = new CommandSlot[ACCOUNTS];
    private final CommandSlot[] withdrawals = new CommandSlot[ACCOUNTS];
    private final CommandSlot rejected = new CommandSlot(256);
    private final CommandSlot duplicate = new CommandSlot(256);
    /** Counts the commands handed over; also their correlation ids, so none is a duplicate by accident. */
    private long ringSequence;
    private int next;

    /**
     * Opens the accounts and prepares one deposit and one withdrawal per account.
     */
    @Setup
    public void setUp()
    {
        final ExchangeDomain domain = new ExchangeDomain();
        final ExchangeState state = domain.newState();
        // No gating consumers: the ring wraps freely, so only the sequencer's work is measured.
        final RingBuffer<EventSlot> eventRing = RingBuffer.createSingleProducer(() -> new EventSlot(4096), 1024);
        sequencer = new Sequencer<>(domain, state, new ClientLedger(ClientLedger.DEFAULT_WINDOW), eventRing, null,
            new SystemEpochNanoClock(), 0, 256, 16, 4096);
        final ExchangeCommands commands = new ExchangeCommands();
        final CommandSlot open = new CommandSlot(256);
        for (int i = 0; i < ACCOUNTS; i++)
        {
            open.set(1, 1, ringSequence, commands.openAccount(open.buffer(), 0, i + 1));
            sequence(open);
            deposits[i] = new CommandSlot(256);
            deposits[i].set(1, 1, i, commands.deposit(deposits[i].buffer(), 0, i + 1, i & 3, 100));
            withdrawals[i] = new CommandSlot(256);
            withdrawals[i].set(1, 1, i, commands.withdraw(withdrawals[i].buffer(), 0, i + 1, i & 3, 100));
        }
        rejected.set(1, 1, 0, commands.withdraw(rejected.buffer(), 0, ACCOUNTS + 1, 0, 1));
        // Handled once here; every later offer of the same (client, correlation id) is answered from the ledger.
        duplicate.set(1, 2, 1, commands.deposit(duplicate.buffer(), 0, 1, 0, 100));
        sequence(duplicate);
    }

    /**
     * A deposit then a withdrawal of the same amount, so balances stay bounded: two commands per op.
     */
    @Benchmark
    public long depositThenWithdraw()
    {
        final int i = next++ % ACCOUNTS;
        // A fresh correlation id each time: a repeated one would be answered from the dedup ledger.
        sequence(withCorrelation(deposits[i]));
        sequence(withCorrelation(withdrawals[i]));
        return sequencer.nextSequence();
    }

    /**
     * A command the domain rejects (unknown account).
     */
    @Benchmark
    public long rejectedCommand()
    {
        sequence(withCorrelation(rejected));
        return sequencer.nextSequence();
    }

    /**
     * A re-sent command: found in the client ledger and answered with its first outcome, not handled again.
     */
    @Benchmark
    public long duplicateCommand()
    {
        sequence(duplicate);
        return sequencer.nextSequence();
    }

    private void sequence(final CommandSlot command)
    {
        sequencer.sequence(command);
        sequencer.publish();
        ringSequence++;
    }

    private CommandSlot withCorrelation(final CommandSlot slot)
    {
        slot.set(1, 1, ringSequence, slot.length());
        return slot;
    }
}
