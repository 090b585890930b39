package io.sequent.engine;

import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.exchange.projection.OrderView;
import io.sequent.exchange.projection.TopOfBook;
import io.sequent.exchange.projection.TopOfBookProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bit flips in the snapshots and in the Chronicle Map read models of an exchange's data directory: every damaged
 * snapshot is skipped for the one before it (or a full replay) and every damaged read model is rebuilt from the
 * journal, or refused at once when its header is gone; in every trial the recovered state hash and every read model
 * equal those of the undamaged directory. Seeded trials: {@code -Dsequent.state.damage.trials} (the soak profile runs
 * more).
 */
class DamagedStateFilesTest
{
    private static final int TRIALS = Integer.getInteger("sequent.state.damage.trials", 6);
    private static final int ACCOUNTS = 20;
    private static final int INSTRUMENTS = 3;

    @TempDir
    Path tmp;

    private static EngineContext<ExchangeState> context(final Path dir)
    {
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new)
            .journalSegmentLength(1 << 20)
            .snapshotEveryEvents(4_000)
            .snapshotsKept(3);
        try
        {
            ctx.addProjection(BalanceProjection.create(dir.resolve("balances.cm"), 2_000));
            ctx.addProjection(OrderProjection.create(dir.resolve("orders.cm"), 30_000));
            ctx.addProjection(TopOfBookProjection.create(dir.resolve("top.cm"), 20));
            return ctx;
        }
        catch (final RuntimeException ex)
        {
            // As a module's openProjections does: nothing stays open when one cannot be.
            ctx.projections().forEach(io.sequent.engine.domain.Projection::close);
            throw ex;
        }
    }

    @Test
    void damagedSnapshotsAreSkippedDamagedReadModelsRebuiltAndTheStateIsTheUndamagedOne() throws IOException
    {
        final Path original = tmp.resolve("original");
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(11, ACCOUNTS, INSTRUMENTS).generate(8_000);
        final ExchangeState live;
        final long liveHash;
        try (Engine<ExchangeState> engine = Engine.launch(context(original)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 0; i < flow.count(); i++)
            {
                driver.offer(i, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(flow.count() - 1);
            engine.close();
            live = engine.closedState();
            liveHash = engine.stateHash();
        }
        final List<Path> snapshots = files(original.resolve("snapshots"), ".snap");
        assertTrue(snapshots.size() >= 2, "snapshots to damage: " + snapshots);
        final String newest = snapshots.get(snapshots.size() - 1).getFileName().toString();
        final String[] maps = { "balances.cm", "orders.cm", "top.cm" };

        final Random random = new Random(4_242L);
        int snapshotsSkipped = 0;
        int fullReplays = 0;
        int rebuilt = 0;
        int refused = 0;
        for (int trial = 0; trial < TRIALS; trial++)
        {
            final Path dir = copy(original, tmp.resolve("trial-" + trial));
            final List<Path> damagedSnapshots = files(dir.resolve("snapshots"), ".snap");
            final int kind = trial % 3;
            if (kind == 0 || kind == 2)
            {
                flipRandomBits(damagedSnapshots.get(damagedSnapshots.size() - 1), random, 1 + random.nextInt(3));
            }
            if (kind == 1)
            {
                for (final Path snapshot : damagedSnapshots)
                {
                    flipRandomBits(snapshot, random, 1);
                }
            }
            final Path map = dir.resolve(maps[trial % maps.length]);
            if (kind != 0)
            {
                flipRandomBits(map, random, 1, usedLength(map));
            }

            RecoveryReport report;
            try (Engine<ExchangeState> engine = Engine.launch(context(dir)))
            {
                report = engine.recoveryReport();
            }
            catch (final IllegalStateException ex)
            {
                // The map's header is gone: refused at once, naming the file; deleting it, as it says, rebuilds it.
                assertTrue(ex.getMessage().contains(map.toString()) && ex.getMessage().contains("delete the file"),
                    ex.getMessage());
                refused++;
                Files.delete(map);
                try (Engine<ExchangeState> engine = Engine.launch(context(dir)))
                {
                    report = engine.recoveryReport();
                }
            }
            assertEquals(liveHash, report.stateHash(), "trial " + trial + ": the undamaged state");
            assertNotEquals(newest, report.snapshot(), "trial " + trial + ": the damaged newest snapshot is skipped");
            snapshotsSkipped += kind == 1 ? damagedSnapshots.size() : 1;
            fullReplays += "none".equals(report.snapshot()) ? 1 : 0;
            rebuilt += Files.exists(map.resolveSibling(map.getFileName() + ".damaged")) ? 1 : 0;
            assertReadModelsMatch(dir, live);
        }
        System.out.println("state-file damage: " + TRIALS + " trials (seed 4242): " + snapshotsSkipped +
            " damaged snapshots skipped (" + fullReplays + " full replays), " + rebuilt + " read models rebuilt, " +
            refused + " refused at open and rebuilt once deleted; every recovered state hash and read model equal " +
            "to the undamaged directory's");
    }

    private static void assertReadModelsMatch(final Path dir, final ExchangeState state)
    {
        try (BalanceProjection balances = BalanceProjection.open(dir.resolve("balances.cm"));
            OrderProjection orders = OrderProjection.open(dir.resolve("orders.cm"));
            TopOfBookProjection top = TopOfBookProjection.open(dir.resolve("top.cm")))
        {
            for (long account = 1; account <= ACCOUNTS; account++)
            {
                for (int asset = 0; asset <= INSTRUMENTS; asset++)
                {
                    assertEquals(state.available(account, asset), balances.available(account, asset),
                        "available " + account + "/" + asset + " in " + dir);
                    assertEquals(state.reserved(account, asset), balances.reserved(account, asset),
                        "reserved " + account + "/" + asset + " in " + dir);
                }
            }
            final OrderView view = OrderProjection.newView();
            for (long orderId = 1; orderId < state.nextOrderId(); orderId++)
            {
                assertTrue(orders.read(orderId, view), "order " + orderId + " in " + dir);
                final long open = state.openQuantity(orderId);
                assertEquals(open > 0, view.getStatus() == OrderView.LIVE, "order " + orderId + " in " + dir);
                if (open > 0)
                {
                    assertEquals(open, view.getRemaining(), "order " + orderId + " in " + dir);
                }
            }
            final TopOfBook book = TopOfBookProjection.newView();
            for (int instrument = 1; instrument <= INSTRUMENTS; instrument++)
            {
                assertTrue(top.read(instrument, book));
                assertEquals(state.bestPrice(instrument, true), book.getBidPrice(), "bid " + instrument);
                assertEquals(state.bestQuantity(instrument, true), book.getBidQuantity(), "bid size " + instrument);
                assertEquals(state.bestPrice(instrument, false), book.getAskPrice(), "ask " + instrument);
                assertEquals(state.bestQuantity(instrument, false), book.getAskQuantity(), "ask size " + instrument);
            }
        }
    }

    private static void flipRandomBits(final Path file, final Random random, final int bits) throws IOException
    {
        flipRandomBits(file, random, bits, Files.size(file));
    }

    private static void flipRandomBits(final Path file, final Random random, final int bits, final long within)
        throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            for (int i = 0; i < bits; i++)
            {
                final long offset = (long)(random.nextDouble() * within);
                raf.seek(offset);
                final int b = raf.read();
                raf.seek(offset);
                raf.write(b ^ (1 << random.nextInt(8)));
            }
        }
    }

    /**
     * @return bytes up to the last non-zero byte: the part of a map file Chronicle Map has written.
     */
    private static long usedLength(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        int last = bytes.length - 1;
        while (last > 0 && bytes[last] == 0)
        {
            last--;
        }
        return last + 1;
    }

    private static List<Path> files(final Path dir, final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Path copy(final Path from, final Path to) throws IOException
    {
        final List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from))
        {
            walk.forEach(all::add);
        }
        for (final Path source : all)
        {
            final Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source))
            {
                Files.createDirectories(target);
            }
            else
            {
                Files.copy(source, target);
            }
        }
        return to;
    }
}
