package io.sequent.cli;

import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.RecoveryReport;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.cli.config.ConfigFileOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code sequent recovery-bench --dir DIR}: how fast the engine recovers a long journal, from the start and from a
 * snapshot. The first run builds DIR once: the exchange order flow written through an engine until the journal holds
 * the requested number of events, with a snapshot every N events on the way. Then each run launches an engine on
 * DIR twice and prints what recovery took: once from the newest snapshot (and the journal after it), once from the
 * journal alone (the snapshots moved aside for that launch and put back after).
 */
@Command(name = "recovery-bench", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Time recovery of a long journal (default 10 M events) with and without a snapshot.")
public final class RecoveryBenchCommand implements Callable<Integer>
{
    private static final String MARKER = "recovery-bench.properties";
    private static final String HIDDEN_SNAPSHOTS = "snapshots.hidden-by-recovery-bench";

    @Mixin
    DataDirOption data;

    @Mixin
    ConfigFileOption config;

    private Path dir;

    @Option(names = "--events", defaultValue = "10000000",
        description = "events to journal (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--snapshot-every", defaultValue = "1000000",
        description = "while building: a snapshot every this many events (default: ${DEFAULT-VALUE})")
    long snapshotEvery;

    @Option(names = "--runs", defaultValue = "1", description = "recoveries of each kind (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws IOException
    {
        dir = data.required("the benchmark's data directory (built on the first run, reused after)");
        if (events < 1 || snapshotEvery < 1 || runs < 1)
        {
            throw new IllegalArgumentException("need --events, --snapshot-every and --runs of 1 or more");
        }
        prepare();
        System.out.printf("== %s: %s%n", dir, describe());
        long hash = 0;
        for (int run = 1; run <= runs; run++)
        {
            final long fromSnapshot = recover("from the newest snapshot");
            final long fromJournal = recoverWithoutSnapshots();
            if (fromSnapshot != fromJournal || (hash != 0 && hash != fromSnapshot))
            {
                throw new IllegalStateException(String.format(
                    "recovered state hashes differ: %016x from a snapshot, %016x from the journal alone",
                    fromSnapshot, fromJournal));
            }
            hash = fromSnapshot;
        }
        System.out.printf("== both ways recover state hash %016x%n", hash);
        return 0;
    }

    private EngineContext<ExchangeState> context(final long snapshotEveryEvents)
    {
        return new EngineContext<ExchangeState>()
            .dataDir(dir)
            .domain(ExchangeDomain::new)
            .snapshotEveryEvents(snapshotEveryEvents)
            .snapshotIntervalMs(0);
    }

    private long recover(final String how)
    {
        final long start = System.nanoTime();
        try (Engine<ExchangeState> engine = Engine.launch(context(0)))
        {
            final long launchNanos = System.nanoTime() - start;
            final RecoveryReport report = engine.recoveryReport();
            System.out.printf("   %-26s launch %,9.1f ms: snapshot %s, replayed %,d events in %,.1f ms " +
                "(%,d events/s)%n", how, launchNanos / 1e6, report.snapshot(), report.eventsReplayed(),
                report.replayNanos() / 1e6, report.eventsPerSecond());
            return report.stateHash();
        }
    }

    private long recoverWithoutSnapshots() throws IOException
    {
        final Path snapshots = dir.resolve("snapshots");
        final Path hidden = dir.resolve(HIDDEN_SNAPSHOTS);
        Files.move(snapshots, hidden);
        try
        {
            return recover("from the journal alone");
        }
        finally
        {
            restoreSnapshots();
        }
    }

    private void restoreSnapshots() throws IOException
    {
        final Path hidden = dir.resolve(HIDDEN_SNAPSHOTS);
        if (Files.isDirectory(hidden))
        {
            // A launch without snapshots writes none, but an empty directory may have been made.
            final Path snapshots = dir.resolve("snapshots");
            if (Files.isDirectory(snapshots))
            {
                try (Stream<Path> files = Files.list(snapshots))
                {
                    if (files.findAny().isPresent())
                    {
                        throw new IllegalStateException(snapshots + " is not empty; the benchmark's snapshots are " +
                            "in " + hidden + ": move them back by hand");
                    }
                }
                Files.delete(snapshots);
            }
            Files.move(hidden, snapshots);
        }
    }

    private void prepare() throws IOException
    {
        final Path marker = dir.resolve(MARKER);
        if (Files.exists(marker))
        {
            restoreSnapshots();
            final Properties built = load(marker);
            if (Long.parseLong(built.getProperty("events")) != events)
            {
                throw new IllegalStateException(dir + " was built for " + built.getProperty("events") +
                    " events, not " + events + ": give another directory");
            }
            return;
        }
        if (Files.isDirectory(dir))
        {
            try (Stream<Path> files = Files.list(dir))
            {
                if (files.findAny().isPresent())
                {
                    throw new IllegalStateException(dir + " holds data this benchmark did not build: give a new " +
                        "or empty directory");
                }
            }
        }
        build();
        final Properties built = new Properties();
        built.setProperty("events", Long.toString(events));
        built.setProperty("snapshotEvery", Long.toString(snapshotEvery));
        try (OutputStream out = Files.newOutputStream(marker))
        {
            built.store(out, "built by sequent recovery-bench: the exchange order flow, seed 42");
        }
    }

    private String describe() throws IOException
    {
        final List<Path> snapshots = new SnapshotStore(dir.resolve("snapshots"), 1).list();
        return String.format("%,d+ events journaled, %d snapshot(s), newest %s", events, snapshots.size(),
            snapshots.isEmpty() ? "none" : snapshots.get(snapshots.size() - 1).getFileName());
    }

    private void build()
    {
        if (snapshotEvery > events)
        {
            throw new IllegalArgumentException("--snapshot-every " + snapshotEvery + " is more than --events " +
                events + ": the journal would have no snapshot");
        }
        // About 1.1 events per order command: generate as many commands as events, and stop once enough are in.
        final int commands = (int)Math.min(Integer.MAX_VALUE - 100_000, events);
        System.out.printf("== building %s: generating %,d order commands (seed 42, 2,000 accounts, 10 instruments)%n",
            dir, commands);
        long start = System.nanoTime();
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(42, 2_000, 10).generate(commands);
        System.out.printf("   generated in %,.1f s; writing the journal through an engine%n",
            (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        final Feeder feeder = new Feeder();
        try (Engine<ExchangeState> engine = Engine.launch(context(snapshotEvery)))
        {
            feeder.feed(engine, flow, events);
        }
        if (feeder.lastSequence < events)
        {
            throw new IllegalStateException("the generated flow made only " + feeder.lastSequence + " events");
        }
        System.out.printf("   %,d events journaled in %,.1f s%n", feeder.lastSequence,
            (System.nanoTime() - start) / 1e9);
    }

    private static Properties load(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        return properties;
    }

    /**
     * Offers the flow's commands and polls outcomes until the journal reaches the target sequence.
     */
    private static final class Feeder implements OutcomeHandler
    {
        private static final int MAX_IN_FLIGHT = 4096;

        long lastSequence;
        long answered;
        long nextReport = 1_000_000;

        void feed(final Engine<ExchangeState> engine, final OrderFlowGenerator.Flow flow, final long target)
        {
            int next = 0;
            while (answered < next || (next < flow.count() && lastSequence < target))
            {
                while (next < flow.count() && lastSequence < target && next - answered < MAX_IN_FLIGHT &&
                    engine.offer(1, next, flow.buffer(), flow.offset(next), flow.length(next)) >= 0)
                {
                    next++;
                }
                if (engine.responder().poll(this) == 0)
                {
                    Thread.onSpinWait();
                }
                if (engine.failure() != null)
                {
                    throw new IllegalStateException("engine failed", engine.failure());
                }
            }
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
            answered++;
            if (reason == 0)
            {
                lastSequence = Math.max(lastSequence, sequence);
            }
            if (lastSequence >= nextReport)
            {
                System.out.printf("   %,d events%n", lastSequence);
                nextReport += 1_000_000;
            }
            return true;
        }
    }
}
