package io.sequent.exchange.domain;

import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.domain.StateHasher;
import io.sequent.exchange.book.BookSide;
import io.sequent.exchange.book.Instrument;
import io.sequent.exchange.book.Order;
import io.sequent.exchange.book.PriceLevel;
import io.sequent.exchange.flow.OrderFlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal written by exchange schema version 1 (and journal format 1), committed under
 * {@code fixtures/journal-v1}, recovers under today's code to the state the version 1 code computed.
 * <p>
 * The domain's state hash changed with schema version 2: account versions are now part of it, so the
 * {@code stateHash} in {@code expected.properties} cannot be compared with today's hash. The test compares it with
 * the hash as version 1 computed it ({@link #version1Hash}, today's content minus the versions), and compares
 * today's full hash, versions included, with a fresh engine of today fed the same generated flow: equal hashes,
 * equal balances, versions and orders. Since schema version 3 the hash also covers each account's owner: a version 1
 * journal's accounts have none (0), so the fresh run's commands come from client 0, whose accounts have none either.
 * The fixture is copied first and recovered through {@link Engine#launch}, as a server would, so the test holds
 * whatever the journal's layout on disk becomes.
 */
class JournalV1FixtureReplayTest
{
    private static final int ASSETS_USED = 4;
    /** The client whose accounts have no owner, as those of a journal written before owners existed. */
    private static final long NO_OWNER_CLIENT = Account.NO_OWNER;

    @TempDir
    Path dir;

    @Test
    void aVersion1JournalReplaysToTheStateVersion1ComputedAndToTheStateOfAFreshVersion2Run()
        throws IOException, URISyntaxException
    {
        final Properties expected = new Properties();
        final Path fixture = Path.of(getClass().getResource("/fixtures/journal-v1/expected.properties").toURI())
            .getParent();
        try (InputStream in = Files.newInputStream(fixture.resolve("expected.properties")))
        {
            expected.load(in);
        }
        final Path replayDir = copy(fixture, dir.resolve("replayed"));

        final ExchangeState replayed;
        final long replayedHash;
        try (Engine<ExchangeState> engine = Engine.launch(context(replayDir)))
        {
            assertEquals(Long.parseLong(expected.getProperty("lastSequence")), engine.recoveryReport().lastSequence());
            assertEquals(Long.parseLong(expected.getProperty("lastSequence")),
                engine.recoveryReport().eventsReplayed());
            engine.close();
            replayed = engine.closedState();
            replayedHash = new ExchangeDomain().stateHash(replayed);
        }
        assertEquals(Long.parseLong(expected.getProperty("stateHash")), version1Hash(replayed),
            "the state version 1 computed");
        assertEquals(Integer.parseInt(expected.getProperty("orders")), replayed.orderCount());
        assertEquals(Integer.parseInt(expected.getProperty("accounts")), replayed.accountCount());
        assertEquals(Integer.parseInt(expected.getProperty("instruments")), replayed.instrumentCount());

        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(
            Long.parseLong(expected.getProperty("seed")),
            Integer.parseInt(expected.getProperty("accounts")),
            Integer.parseInt(expected.getProperty("instruments")))
            .generate(Integer.parseInt(expected.getProperty("commands")));
        final ExchangeState fresh;
        final long freshHash;
        try (Engine<ExchangeState> engine = Engine.launch(context(dir.resolve("fresh"))))
        {
            run(engine, flow);
            engine.close();
            fresh = engine.closedState();
            // The domain's hash: the fresh run's engine hash also covers its client ledger, which a journal written
            // before command records existed cannot rebuild.
            freshHash = new ExchangeDomain().stateHash(fresh);
        }
        assertEquals(freshHash, replayedHash);
        assertSameAccountsAndOrders(fresh, replayed);
        assertEquals(version1Hash(fresh), version1Hash(replayed));

        // Relaunched from the copy, now holding nothing but the old journal: still the same state.
        try (Engine<ExchangeState> engine = Engine.launch(context(replayDir)))
        {
            assertEquals(freshHash, engine.recoveryReport().stateHash());
        }
    }

    private static EngineContext<ExchangeState> context(final Path dataDir)
    {
        return new EngineContext<ExchangeState>()
            .dataDir(dataDir)
            .domain(ExchangeDomain::new)
            .snapshotEveryEvents(0)
            .journalSegmentLength(1 << 20);
    }

    private static Path copy(final Path from, final Path to) throws IOException
    {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(from))
        {
            files = walk.toList();
        }
        for (final Path source : files)
        {
            final Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source))
            {
                Files.createDirectories(target);
            }
            else
            {
                Files.copy(source, target);
                target.toFile().setWritable(true);
            }
        }
        return to;
    }

    private static void run(final Engine<ExchangeState> engine, final OrderFlowGenerator.Flow flow)
    {
        final int[] answered = new int[1];
        final OutcomeHandler handler =
            (sessionId, correlationId, sequence, timestamp, reason, detail, duplicate) ->
            {
                answered[0]++;
                return true;
            };
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int next = 0;
        while (answered[0] < flow.count())
        {
            while (next < flow.count() &&
                engine.offer(NO_OWNER_CLIENT, next, flow.buffer(), flow.offset(next), flow.length(next)) >= 0)
            {
                next++;
            }
            engine.responder().poll(handler);
            if (engine.failure() != null || System.nanoTime() > deadline)
            {
                throw new AssertionError("engine failed or stalled", engine.failure());
            }
        }
    }

    private static void assertSameAccountsAndOrders(final ExchangeState expected, final ExchangeState actual)
    {
        assertEquals(expected.accountCount(), actual.accountCount());
        for (final Account account : expected.accounts().values())
        {
            assertTrue(actual.hasAccount(account.id));
            assertEquals(account.version, actual.version(account.id), "version of account " + account.id);
            assertEquals(Account.NO_OWNER, actual.owner(account.id), "a version 1 account has no owner");
            assertEquals(account.owner, actual.owner(account.id));
            for (int asset = 0; asset < expected.maxAssets(); asset++)
            {
                assertEquals(account.available[asset], actual.available(account.id, asset));
                assertEquals(account.reserved[asset], actual.reserved(account.id, asset));
            }
        }
        for (int asset = 0; asset < ASSETS_USED; asset++)
        {
            assertTrue(expected.totalBalance(asset) > 0);
            assertEquals(expected.totalBalance(asset), actual.totalBalance(asset));
        }
        assertEquals(expected.nextOrderId(), actual.nextOrderId());
        assertEquals(expected.orderCount(), actual.orderCount());
        for (final Order order : expected.orders().values())
        {
            final Order other = actual.order(order.orderId());
            assertEquals(order.accountId(), other.accountId(), "order " + order.orderId());
            assertEquals(order.clientOrderId(), other.clientOrderId());
            assertEquals(order.instrument().id(), other.instrument().id());
            assertEquals(order.buy(), other.buy());
            assertEquals(order.price(), other.price());
            assertEquals(order.remaining(), other.remaining());
        }
    }

    /**
     * The state hash exactly as exchange schema version 1 computed it: today's content without account versions.
     */
    private static long version1Hash(final ExchangeState state)
    {
        final long[] ids = state.accounts().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        final StateHasher hasher = new StateHasher();
        hasher.add(ids.length);
        for (final long id : ids)
        {
            final Account account = state.account(id);
            hasher.add(id);
            for (int asset = 0; asset < state.maxAssets(); asset++)
            {
                if (account.available[asset] != 0 || account.reserved[asset] != 0)
                {
                    hasher.add(asset);
                    hasher.add(account.available[asset]);
                    hasher.add(account.reserved[asset]);
                }
            }
        }
        hasher.add(state.nextOrderId());
        final int[] instruments = state.instruments().keySet().stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(instruments);
        for (final int id : instruments)
        {
            final Instrument instrument = state.instrument(id);
            hasher.add(id).add(instrument.baseAsset()).add(instrument.quoteAsset())
                .add(instrument.priceTick()).add(instrument.lotSize());
            hashSide(instrument.side(true), hasher);
            hashSide(instrument.side(false), hasher);
        }
        return hasher.hash();
    }

    private static void hashSide(final BookSide side, final StateHasher hasher)
    {
        hasher.add(side.levelCount());
        for (int i = 0; i < side.levelCount(); i++)
        {
            final PriceLevel level = side.level(i);
            hasher.add(level.price()).add(level.quantity()).add(level.count());
            for (Order order = level.head(); order != null; order = order.next())
            {
                hasher.add(order.orderId()).add(order.accountId()).add(order.clientOrderId()).add(order.remaining());
            }
        }
    }
}
