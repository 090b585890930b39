package io.sequent.jmh;

import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import io.sequent.engine.ThreadingMode;

/**
 * Throughput of the whole in-process pipeline, no network: command ring, sequencer, journaler (memory-mapped
 * journal), projector and responder, with the benchmark thread standing where the gateway stands (offering
 * commands and polling outcomes). One op is one command offered; outcomes are polled as they come.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EnginePipelineBenchmark implements OutcomeHandler
{
    private static final int ACCOUNTS = 10_000;

    /** How the engine's stages share threads (the benchmark thread offers and polls, as the gateway would). */
    @Param({ "SHARED", "DEDICATED" })
    public ThreadingMode threadingMode;

    private Path dir;
    private Engine<ExchangeState> engine;
    private final UnsafeBuffer[] commands = new UnsafeBuffer[2 * ACCOUNTS];
    private final int[] lengths = new int[2 * ACCOUNTS];
    private long correlationId;
    private long outcomes;
    private long rejects;

    /**
     * Starts an engine on a fresh directory and opens the accounts.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("sequent-jmh-");
        engine = Engine.launch(new EngineContext<ExchangeState>()
            .dataDir(dir)
            .domain(ExchangeDomain::new)
            .threadingMode(threadingMode));
        final ExchangeCommands encoder = new ExchangeCommands();
        final UnsafeBuffer open = new UnsafeBuffer(new byte[128]);
        for (int i = 0; i < ACCOUNTS; i++)
        {
            offer(open, encoder.openAccount(open, 0, i + 1));
        }
        for (int i = 0; i < ACCOUNTS; i++)
        {
            commands[2 * i] = new UnsafeBuffer(new byte[128]);
            lengths[2 * i] = encoder.deposit(commands[2 * i], 0, i + 1, i & 3, 100);
            commands[2 * i + 1] = new UnsafeBuffer(new byte[128]);
            lengths[2 * i + 1] = encoder.withdraw(commands[2 * i + 1], 0, i + 1, i & 3, 100);
        }
    }

    /**
     * Offers one command (deposits and withdrawals alternate per account), polling outcomes when the ring is full.
     *
     * @return the outcomes seen so far.
     */
    @Benchmark
    public long command()
    {
        final int i = (int)(correlationId % commands.length);
        offer(commands[i], lengths[i]);
        return outcomes;
    }

    private void offer(final UnsafeBuffer buffer, final int length)
    {
        while (engine.offer(1, correlationId, buffer, 0, length) < 0)
        {
            engine.responder().poll(this);
        }
        correlationId++;
        if ((correlationId & 63) == 0)
        {
            engine.responder().poll(this);
        }
    }

    /**
     * Stops the engine and deletes its files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        engine.close();
        if (rejects > 0)
        {
            throw new IllegalStateException(rejects + " commands were rejected; the benchmark expects none");
        }
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
        if (reason != 0)
        {
            rejects++;
        }
        return true;
    }
}
