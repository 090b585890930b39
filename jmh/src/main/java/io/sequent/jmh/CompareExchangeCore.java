package io.sequent.jmh;

import io.sequent.bench.InProcessThroughput;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.jmh.exchangecore.ExchangeCoreFlow;
import io.sequent.jmh.exchangecore.IsolatedExchangeCore;
import io.sequent.journal.DurabilityPolicy;
import org.agrona.IoUtil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Goal P1: one seeded order flow ({@link OrderFlowGenerator.Mix#PLACE_CANCEL}: about 50 % GTC limits, 30 % cancels,
 * 10 % crossing IOC, 10 % amends, over funded accounts) through exchange-core 0.5.3 (its {@code ExchangeApi}, no
 * journaling) and through Sequent's in-process engine (rings, sequencer, exchange domain, journal at the durability
 * given, batch by default; driven by {@link InProcessThroughput} as {@code sequent throughput} drives it),
 * alternating, the same commands and the same warm-up for both, each round on a fresh instance of each. Prints each
 * round, then the median of each side and their ratio.
 * <p>
 * {@code sh jmh/target/compare-exchange-core [--commands N] [--warmup N] [--accounts N] [--instruments 1,15]
 * [--rounds N] [--seed N] [--durability batch|none|interval] [--ec-wait BLOCKING|YIELDING|BUSY_SPIN|...]
 * [--ec-ring N] [--ec-group N]}
 */
public final class CompareExchangeCore
{
    private int commands = 3_000_000;
    private int warmup = 1_000_000;
    private int accounts = 10_000;
    private int[] instruments = { 1, 15 };
    private int rounds = 3;
    private long seed = 42;
    private DurabilityPolicy durability = DurabilityPolicy.BATCH;
    private String ecWait = "YIELDING";
    private int ecRing = 32 * 1024;
    private int ecGroup = 1536;

    private CompareExchangeCore()
    {
    }

    /**
     * @param args options, see the class comment.
     * @throws IOException when the engine's directory or exchange-core's jars cannot be had.
     */
    public static void main(final String[] args) throws IOException
    {
        final CompareExchangeCore compare = new CompareExchangeCore();
        compare.parse(args);
        compare.run();
        System.exit(0);
    }

    private void parse(final String[] args)
    {
        for (int i = 0; i < args.length; i += 2)
        {
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--commands" -> commands = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--accounts" -> accounts = Integer.parseInt(value);
                case "--instruments" -> instruments = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt)
                    .toArray();
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--durability" -> durability = DurabilityPolicy.parse(value);
                case "--ec-wait" -> ecWait = value.toUpperCase(Locale.ROOT);
                case "--ec-ring" -> ecRing = Integer.parseInt(value);
                case "--ec-group" -> ecGroup = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + ": --commands, --warmup, " +
                    "--accounts, --instruments, --rounds, --seed, --durability, --ec-wait, --ec-ring, --ec-group");
            }
        }
        if (warmup >= commands)
        {
            throw new IllegalArgumentException("--warmup " + warmup + " leaves nothing of --commands " + commands);
        }
    }

    private void run() throws IOException
    {
        System.out.printf("== P1: %,d order commands (%,d of them warm-up) over %,d accounts, seed %d, %d rounds, " +
            "%d cores; exchange-core: 1 risk + 1 matching engine, direct order book, no journal, wait %s, ring %d, " +
            "group %d; Sequent: journal durability %s%n", commands, warmup, accounts, seed, rounds,
            Runtime.getRuntime().availableProcessors(), ecWait, ecRing, ecGroup,
            durability.name().toLowerCase(Locale.ROOT));
        try (IsolatedExchangeCore exchangeCore = new IsolatedExchangeCore())
        {
            for (final int instrumentCount : instruments)
            {
                compare(exchangeCore, instrumentCount);
            }
        }
    }

    private void compare(final IsolatedExchangeCore exchangeCore, final int instrumentCount) throws IOException
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(seed, accounts, 1, instrumentCount,
            OrderFlowGenerator.Mix.PLACE_CANCEL).generate(commands);
        final ExchangeCoreFlow ecFlow = ExchangeCoreFlow.of(flow);
        final int setup = flow.setupCount();
        final int measuredFrom = setup + warmup;
        System.out.printf("== %d instrument(s): %,d setup commands, then %s%n", instrumentCount, setup,
            ecFlow.mix(setup));
        final double[] ec = new double[rounds];
        final double[] sequent = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            // Alternate which side goes first, so neither always runs on the warmer (or more fragmented) JVM.
            for (int side = 0; side < 2; side++)
            {
                System.gc();
                if ((side + round) % 2 == 0)
                {
                    ec[round] = runExchangeCore(exchangeCore, ecFlow, setup, measuredFrom, round);
                }
                else
                {
                    sequent[round] = runSequent(flow, measuredFrom - setup, round);
                }
            }
        }
        final double ecMedian = median(ec);
        final double sequentMedian = median(sequent);
        System.out.printf("== P1 %d instrument(s), median of %d: exchange-core %,.0f commands/s, Sequent %,.0f " +
            "commands/s (journal %s): Sequent / exchange-core = %.2f%n", instrumentCount, rounds, ecMedian,
            sequentMedian, durability.name().toLowerCase(Locale.ROOT), sequentMedian / ecMedian);
    }

    private double runExchangeCore(
        final IsolatedExchangeCore exchangeCore, final ExchangeCoreFlow flow, final int setup, final int measuredFrom,
        final int round)
    {
        try (IsolatedExchangeCore.Instance instance = exchangeCore.start(flow, ecWait, ecRing, ecGroup))
        {
            instance.run(0, setup);
            instance.run(setup, measuredFrom);
            final long rejectedBefore = instance.rejected();
            final long elapsed = instance.run(measuredFrom, flow.count());
            final double throughput = (flow.count() - measuredFrom) * 1e9 / elapsed;
            System.out.printf("   round %d exchange-core: %,.0f commands/s, %,d rejected (%,d in setup and " +
                "warm-up)%n", round + 1, throughput, instance.rejected() - rejectedBefore, rejectedBefore);
            return throughput;
        }
    }

    private double runSequent(final OrderFlowGenerator.Flow flow, final int warmupCommands, final int round)
        throws IOException
    {
        final Path dir = Files.createTempDirectory("sequent-p1-");
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>()
            .dataDir(dir)
            .domain(ExchangeDomain::new)
            .durability(durability)))
        {
            final InProcessThroughput.Result result = new InProcessThroughput(engine, flow).run(0, warmupCommands,
                2048);
            System.out.printf("   round %d Sequent:       %,.0f commands/s, %,d rejected (threading %s)%n", round + 1,
                result.throughput(), result.rejected(), engine.threadingMode());
            return result.throughput();
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] :
            (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
