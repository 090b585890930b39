package io.sequent.jmh;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import io.sequent.codecs.config.Configuration;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineConfiguration;
import io.sequent.engine.EngineContext;
import io.sequent.engine.ThreadingMode;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.ring.CommandSlot;
import io.sequent.journal.DurabilityPolicy;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Goal P2, the engine's own overhead: a {@link NoOpDomain} through the whole in-process engine (command ring,
 * sequencer, journal, event ring, responder; {@code SHARED} threading, journal durability none) against a raw
 * Disruptor 1P1C with the same ring size, the same slot ({@link CommandSlot} of the engine's command capacity) and
 * the same idle strategy on its consumer thread (the engine's default, {@code backoff}). The benchmark thread is the
 * producer in both, standing where the gateway stands; one op is one 32-byte command offered. {@link #main} runs
 * both in one JMH run and prints the ratio: {@code sh jmh/target/engine-overhead [JMH options, e.g. -prof gc]}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineOverheadBenchmark
{
    /** Bytes of each command: SBE header and a 24-byte body. */
    static final int COMMAND_LENGTH = 32;

    private static UnsafeBuffer command()
    {
        final UnsafeBuffer command = new UnsafeBuffer(new byte[COMMAND_LENGTH]);
        command.putShort(0, (short)(COMMAND_LENGTH - 8));
        command.putShort(2, (short)1);
        command.putShort(4, (short)NoOpDomain.SCHEMA_ID);
        command.putShort(6, (short)NoOpDomain.SCHEMA_VERSION);
        command.putLong(8, 42);
        return command;
    }

    /**
     * The engine with the no-op domain.
     */
    @State(Scope.Thread)
    public static class EngineSide implements OutcomeHandler
    {
        private final UnsafeBuffer command = command();
        private Path dir;
        private Engine<Object> engine;
        private long correlationId;
        private long outcomes;

        /**
         * Starts the engine on a fresh directory.
         *
         * @throws IOException when the directory cannot be made.
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException
        {
            dir = Files.createTempDirectory("sequent-p2-");
            engine = Engine.launch(new EngineContext<>()
                .dataDir(dir)
                .domain(NoOpDomain::new)
                .threadingMode(ThreadingMode.SHARED)
                .durability(DurabilityPolicy.NONE));
        }

        /**
         * Stops the engine and deletes its files.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            engine.close();
            IoUtil.delete(dir.toFile(), true);
        }

        @Override
        public boolean onOutcome(
            final long sessionId,
            final long correlationId,
            final long sequence,
            final long timestamp,
            final int reason,
            final long detail,
            final boolean duplicate)
        {
            outcomes++;
            return true;
        }
    }

    /**
     * A raw Disruptor ring with one consumer thread.
     */
    @State(Scope.Thread)
    public static class RawSide implements Agent, EventPoller.Handler<CommandSlot>
    {
        private final UnsafeBuffer command = command();
        private RingBuffer<CommandSlot> ring;
        private EventPoller<CommandSlot> poller;
        private AgentRunner runner;
        private long correlationId;
        private long consumed;

        /**
         * Starts the consumer thread.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            final int capacity = EngineConfiguration.COMMAND_MAX_LENGTH_DEFAULT;
            ring = RingBuffer.createSingleProducer(() -> new CommandSlot(capacity),
                EngineConfiguration.COMMAND_RING_SIZE_DEFAULT, new BusySpinWaitStrategy());
            poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            runner = new AgentRunner(Configuration.idleStrategy(Configuration.IDLE_STRATEGY_DEFAULT),
                Throwable::printStackTrace, null, this);
            AgentRunner.startOnThread(runner);
        }

        /**
         * Stops the consumer thread.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            runner.close();
        }

        @Override
        public int doWork() throws Exception
        {
            final long before = consumed;
            poller.poll(this);
            return (int)(consumed - before);
        }

        @Override
        public boolean onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
        {
            // Read what the sequencer reads first: the length and the command's first field.
            consumed += slot.length() > 0 && slot.buffer().getLong(8) != 0 ? 1 : 0;
            return true;
        }

        @Override
        public String roleName()
        {
            return "raw-consumer";
        }
    }

    /**
     * One command through the engine; outcomes polled every 64 commands and whenever the ring is full, as the
     * gateway does.
     *
     * @param side the engine.
     * @return outcomes so far.
     */
    @Benchmark
    public long engine(final EngineSide side)
    {
        while (side.engine.offer(1, side.correlationId, side.command, 0, COMMAND_LENGTH) < 0)
        {
            side.engine.responder().poll(side);
        }
        if ((++side.correlationId & 63) == 0)
        {
            side.engine.responder().poll(side);
        }
        return side.outcomes;
    }

    /**
     * One command into the raw ring, copied into its slot as the engine copies it.
     *
     * @param side the ring.
     * @return the sequence it took.
     */
    @Benchmark
    public long rawDisruptor(final RawSide side)
    {
        final RingBuffer<CommandSlot> ring = side.ring;
        while (!ring.hasAvailableCapacity(1))
        {
            Thread.onSpinWait();
        }
        final long sequence = ring.next();
        final CommandSlot slot = ring.get(sequence);
        slot.buffer().putBytes(0, side.command, 0, COMMAND_LENGTH);
        slot.set(1, 1, side.correlationId++, 0, COMMAND_LENGTH);
        ring.publish(sequence);
        return sequence;
    }

    /**
     * Runs both benchmarks in one JMH run and prints their throughputs and the ratio engine / raw Disruptor.
     *
     * @param args JMH options (the launcher script adds the JVM flags as {@code -jvmArgsAppend}).
     * @throws CommandLineOptionException for options JMH does not know.
     * @throws RunnerException when a benchmark fails.
     */
    public static void main(final String[] args) throws CommandLineOptionException, RunnerException
    {
        final CommandLineOptions given = new CommandLineOptions(args);
        final OptionsBuilder options = new OptionsBuilder();
        options.parent(given);
        if (given.getIncludes().isEmpty())
        {
            options.include(EngineOverheadBenchmark.class.getName() + "\\.");
        }
        final Collection<RunResult> results = new Runner(options.build()).run();
        double engine = 0;
        double raw = 0;
        for (final RunResult result : results)
        {
            final String name = result.getParams().getBenchmark();
            final double score = result.getPrimaryResult().getScore();
            if (name.endsWith(".engine"))
            {
                engine = score;
            }
            else if (name.endsWith(".rawDisruptor"))
            {
                raw = score;
            }
        }
        System.out.printf("%nP2: engine (no-op domain) %,.0f commands/s, raw Disruptor 1P1C %,.0f commands/s: " +
            "engine / raw = %.2f%n", engine, raw, raw > 0 ? engine / raw : 0.0);
    }
}
