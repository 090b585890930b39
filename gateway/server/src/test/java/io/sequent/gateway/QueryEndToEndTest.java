package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.sequent.client.CommandResult;
import io.sequent.client.QueryResult;
import io.sequent.client.SequentClient;
import io.sequent.codecs.exchange.BalanceResultDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderResultDecoder;
import io.sequent.codecs.exchange.OrderStatus;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.codecs.exchange.TopOfBookResultDecoder;
import io.sequent.codecs.session.QueryRequestEncoder;
import io.sequent.codecs.QueryStatus;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.api.ExchangeQueryRequests;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.ExchangeModule;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.domain.ExchangeState;

/**
 * Queries over real Aeron UDP, answered by the gateway from the Chronicle Map projections.
 */
class QueryEndToEndTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final ExchangeQueryRequests queries = new ExchangeQueryRequests();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer queryBuffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Test
    void aQueryAtTheSequenceOfADepositSeesTheDeposit()
    {
        try (SequentServer server = TestServers.launch(dir);
            SequentClient client = TestServers.connect(server, null))
        {
            assertTrue(send(client, commands.openAccount(buffer, 0, 1)).accepted());
            assertTrue(send(client, commands.deposit(buffer, 0, 1, 2, 70)).accepted());
            final CommandResult deposit = send(client, commands.deposit(buffer, 0, 1, 0, 500));
            assertTrue(deposit.accepted());

            final QueryResult all = client.queryAtLeast(queryBuffer, 0,
                queries.balances(queryBuffer, 0, 1, ExchangeQueryRequests.ALL_ASSETS), deposit.sequence(), TIMEOUT);
            assertEquals(QueryStatus.OK, all.status());
            assertTrue(all.projectionSequence() >= deposit.sequence());
            final BalanceResultDecoder balances = balanceResult(all.result());
            assertEquals(1, balances.accountId());
            final BalanceResultDecoder.BalancesDecoder group = balances.balances();
            assertEquals(2, group.count());
            group.next();
            assertEquals(0, group.assetId());
            assertEquals(500, group.available());
            assertEquals(0, group.reserved());
            group.next();
            assertEquals(2, group.assetId());
            assertEquals(70, group.available());

            final QueryResult one = client.query(queryBuffer, 0, queries.balances(queryBuffer, 0, 1, 2),
                deposit.sequence(), TIMEOUT);
            assertEquals(QueryStatus.OK, one.status());
            final BalanceResultDecoder.BalancesDecoder single = balanceResult(one.result()).balances();
            assertEquals(1, single.count());
            assertEquals(70, single.next().available());
        }
    }

    @Test
    void unknownThingsAnswerNotFoundAndAFutureSequenceNotYet()
    {
        try (SequentServer server = TestServers.launch(dir);
            SequentClient client = TestServers.connect(server, null))
        {
            final CommandResult open = send(client, commands.openAccount(buffer, 0, 1));
            assertTrue(open.accepted());
            final long sequence = open.sequence();

            assertEquals(QueryStatus.NOT_FOUND, client.queryAtLeast(queryBuffer, 0,
                queries.balances(queryBuffer, 0, 42, ExchangeQueryRequests.ALL_ASSETS), sequence, TIMEOUT).status());
            assertEquals(QueryStatus.NOT_FOUND, client.queryAtLeast(queryBuffer, 0,
                queries.balances(queryBuffer, 0, 1, 99), sequence, TIMEOUT).status());
            assertEquals(QueryStatus.NOT_FOUND, client.queryAtLeast(queryBuffer, 0,
                queries.order(queryBuffer, 0, 12345), sequence, TIMEOUT).status());
            assertEquals(QueryStatus.NOT_FOUND, client.queryAtLeast(queryBuffer, 0,
                queries.topOfBook(queryBuffer, 0, 7), sequence, TIMEOUT).status());
            // A command is no query: the domain cannot decode it.
            assertEquals(QueryStatus.BAD_QUERY, client.query(queryBuffer, 0,
                commands.openAccount(queryBuffer, 0, 5), 0, TIMEOUT).status());

            final QueryResult ahead = client.query(queryBuffer, 0,
                queries.balances(queryBuffer, 0, 1, 0), sequence + 1_000, TIMEOUT);
            assertEquals(QueryStatus.NOT_YET, ahead.status());
            assertTrue(ahead.projectionSequence() < sequence + 1_000);
            assertEquals(0, ahead.result().capacity());
            assertTrue(server.counters().queriesNotYet().get() >= 1);
        }
    }

    @Test
    void anOrderAndTheTopOfBookAfterPlacingIt()
    {
        try (SequentServer server = TestServers.launch(dir);
            SequentClient client = TestServers.connect(server, null))
        {
            assertTrue(send(client, commands.addInstrument(buffer, 0, 1, 0, 1, 1, 1)).accepted());
            assertTrue(send(client, commands.openAccount(buffer, 0, 1)).accepted());
            assertTrue(send(client, commands.deposit(buffer, 0, 1, 1, 10_000)).accepted());
            final CommandResult placed = send(client,
                commands.placeOrder(buffer, 0, 1, 77, 1, Side.BUY, TimeInForce.GTC, 100, 10));
            assertTrue(placed.accepted(), placed.toString());

            final QueryResult order = client.queryAtLeast(queryBuffer, 0, queries.order(queryBuffer, 0, 1),
                placed.sequence(), TIMEOUT);
            assertEquals(QueryStatus.OK, order.status());
            final OrderResultDecoder orderResult = new OrderResultDecoder();
            header.wrap(order.result(), 0);
            assertEquals(OrderResultDecoder.TEMPLATE_ID, header.templateId());
            orderResult.wrap(order.result(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                header.version());
            assertEquals(1, orderResult.orderId());
            assertEquals(1, orderResult.accountId());
            assertEquals(1, orderResult.instrumentId());
            assertEquals(Side.BUY, orderResult.side());
            assertEquals(OrderStatus.LIVE, orderResult.status());
            assertEquals(100, orderResult.price());
            assertEquals(0, orderResult.filled());
            assertEquals(10, orderResult.remaining());

            final QueryResult book = client.queryAtLeast(queryBuffer, 0, queries.topOfBook(queryBuffer, 0, 1),
                placed.sequence(), TIMEOUT);
            assertEquals(QueryStatus.OK, book.status());
            assertTrue(book.projectionSequence() >= placed.sequence());
            final TopOfBookResultDecoder top = new TopOfBookResultDecoder();
            header.wrap(book.result(), 0);
            top.wrap(book.result(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            assertEquals(1, top.instrumentId());
            assertEquals(100, top.bidPrice());
            assertEquals(10, top.bidQuantity());
            assertEquals(0, top.askPrice());
            assertEquals(0, top.askQuantity());

            final QueryResult reserved = client.queryAtLeast(queryBuffer, 0, queries.balances(queryBuffer, 0, 1, 1),
                placed.sequence(), TIMEOUT);
            final BalanceResultDecoder.BalancesDecoder group = balanceResult(reserved.result()).balances().next();
            assertEquals(10_000 - 1_000, group.available());
            assertEquals(1_000, group.reserved());
        }
    }

    @Test
    void queriesInterleavedWithCommandsNeverReachTheSequencer()
    {
        final int count = 2_000;
        final Long2LongHashMap commandReasons = new Long2LongHashMap(-1);
        final Long2LongHashMap queryStatuses = new Long2LongHashMap(-1);
        try (SequentServer server = TestServers.launch(dir);
            SequentClient client = SequentClient.connect(TestServers.client(server, TestServers.CLIENT_ID,
                (correlationId, sequence, timestamp, reason, detail, duplicate) ->
                    assertEquals(-1, commandReasons.put(correlationId, reason), "one response per command"))
                .queryListener((correlationId, projectionSequence, status, result, offset, length) ->
                    assertEquals(-1, queryStatuses.put(correlationId, status), "one answer per query"))))
        {
            assertTrue(send(client, commands.openAccount(buffer, 0, 1)).accepted());
            // The balance exists before the first query, so every answer is OK (never NOT_FOUND).
            final CommandResult deposit = send(client, commands.deposit(buffer, 0, 1, 0, 1));
            assertTrue(deposit.accepted());
            final long sequencedBefore = server.engine().positions().commandsSequenced();
            final int queryLength = queries.balances(queryBuffer, 0, 1, 0);
            // Read-your-write at the deposit's own sequence (each command also takes a journal entry, its record).
            assertEquals(QueryStatus.OK, client.queryAtLeast(queryBuffer, 0, queryLength, deposit.sequence(), TIMEOUT)
                .status());
            for (int i = 0; i < count; i++)
            {
                final int length = commands.deposit(buffer, 0, 1, 0, 1);
                final long commandId = client.nextCorrelationId();
                while (client.offer(commandId, buffer, 0, length) < 0)
                {
                    client.poll();
                }
                final long queryId = client.nextCorrelationId();
                while (client.offerQuery(queryId, 0, queryBuffer, 0, queryLength) < 0)
                {
                    client.poll();
                }
            }
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while ((commandReasons.size() < count || queryStatuses.size() < count) && System.nanoTime() < deadline)
            {
                client.poll();
            }
            assertEquals(count, commandReasons.size());
            assertEquals(count, queryStatuses.size());
            commandReasons.forEach((id, reason) -> assertEquals(0, reason));
            queryStatuses.forEach((id, status) -> assertEquals(QueryStatus.OK, status));
            // The sequencer handled the deposits and nothing else: no query took a slot of the command ring.
            assertEquals(sequencedBefore + count, server.engine().positions().commandsSequenced());

            final CommandResult last = send(client, commands.deposit(buffer, 0, 1, 0, 1));
            final QueryResult balance = client.queryAtLeast(queryBuffer, 0, queryLength, last.sequence(), TIMEOUT);
            assertEquals(count + 2, balanceResult(balance.result()).balances().next().available());
        }
    }

    @Test
    void aServerWithoutAQueryHandlerAnswersUnsupported()
    {
        try (SequentServer server = TestServers.launch(dir, ctx -> ctx
            .engine(new EngineContext<ExchangeState>().dataDir(dir).module(new ExchangeModule())
                .journalSegmentLength(1 << 20)));
            SequentClient client = TestServers.connect(server, null))
        {
            final QueryResult answer = client.query(queryBuffer, 0, queries.balances(queryBuffer, 0, 1, 0), 0,
                TIMEOUT);
            assertEquals(QueryStatus.UNSUPPORTED, answer.status());
            assertEquals(0, answer.result().capacity());
            assertTrue(send(client, commands.openAccount(buffer, 0, 1)).accepted(), "commands still flow");
        }
    }

    @Test
    void aQueryFromNoSessionOrTooShortIsDroppedAndCounted()
    {
        try (SequentServer server = TestServers.launch(dir);
            SequentClient client = TestServers.connect(server, null);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
            ExclusivePublication raw = aeron.addExclusivePublication(server.ingressChannel(),
                server.ingressStreamId()))
        {
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!raw.isConnected())
            {
                assertTrue(System.nanoTime() < deadline, "raw publication connects");
                Thread.yield();
            }
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
            final QueryRequestEncoder request = new QueryRequestEncoder()
                .wrapAndApplyHeader(frame, 0, new io.sequent.codecs.session.MessageHeaderEncoder())
                .sessionId(client.sessionId() + 1)
                .correlationId(1)
                .minSequence(0);
            final int headerLength = io.sequent.codecs.session.MessageHeaderEncoder.ENCODED_LENGTH;
            final int length = headerLength + request.encodedLength() +
                queries.balances(frame, headerLength + request.encodedLength(), 1, 0);
            offer(raw, frame, length);
            awaitCount(() -> server.counters().unknownSessionDropped().get(), 1);

            // A block too short for QueryRequest's fields.
            frame.putShort(0, (short)(QueryRequestEncoder.BLOCK_LENGTH - 1));
            offer(raw, frame, headerLength + QueryRequestEncoder.BLOCK_LENGTH - 1);
            awaitCount(() -> server.counters().malformedDropped().get(), 1);
            assertEquals(0, server.counters().queriesAnswered().get());

            assertTrue(send(client, commands.openAccount(buffer, 0, 1)).accepted(), "still serving");
        }
    }

    private static void offer(final ExclusivePublication publication, final UnsafeBuffer frame, final int length)
    {
        while (publication.offer(frame, 0, length) < 0)
        {
            Thread.yield();
        }
    }

    private static void awaitCount(final LongSupplier counter, final long expected)
    {
        // Waits for the gateway thread to have counted; not a timing assertion.
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (counter.getAsLong() < expected && System.nanoTime() < deadline)
        {
            Thread.yield();
        }
        assertEquals(expected, counter.getAsLong());
    }

    private CommandResult send(final SequentClient client, final int length)
    {
        return client.send(buffer, 0, length, TIMEOUT);
    }

    private BalanceResultDecoder balanceResult(final DirectBuffer result)
    {
        header.wrap(result, 0);
        assertEquals(BalanceResultDecoder.TEMPLATE_ID, header.templateId());
        return new BalanceResultDecoder().wrap(result, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
    }
}
