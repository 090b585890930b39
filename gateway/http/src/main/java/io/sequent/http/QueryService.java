package io.sequent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sequent.codecs.QueryStatus;
import io.sequent.engine.domain.QueryAnswer;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.exchange.api.ExchangeQueryRequests;
import io.sequent.gateway.SequentServer;
import io.sequent.journal.SchemaJsonDecoder;
import io.undertow.server.HttpServerExchange;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToIntFunction;

/**
 * The read routes, answered from the domain's projections through the domain's own {@link QueryHandler} (the one
 * the gateway answers Aeron queries with, opened again for the HTTP face's threads and used by one at a time), the
 * result decoded to JSON through the domain's schema by {@link SchemaJsonDecoder}. Every answer carries the
 * projection's sequence; {@code ?atLeast=SEQ} waits, at most {@code ?waitMs=} and the configured bound, until the
 * projection has reached it (read-your-writes after a command's sequence), else answers 503 {@code NOT_YET}.
 * <p>
 * The routes are the reference exchange's queries (balances, an order, the top of book); the lists
 * ({@code /instruments}, an account's orders) come from the {@link JournalIndex}.
 */
final class QueryService implements AutoCloseable
{
    private static final int RESULT_OFFSET = 0;

    private final QueryHandler handler;
    private final SchemaJsonDecoder decoder;
    private final ExchangeQueryRequests requests = new ExchangeQueryRequests();
    private final ExpandableArrayBuffer query = new ExpandableArrayBuffer(256);
    private final UnsafeBuffer result = new UnsafeBuffer(new byte[64 * 1024]);
    private final QueryAnswer answer = new QueryAnswer();
    private final long waitMaxMs;
    private final JournalIndex index;

    QueryService(final SequentServer server, final SequentHttp.Context ctx)
    {
        this.handler = server.context().queryHandler() != null ? server.context().queryHandler().get() : null;
        this.decoder = DomainSchemas.decoder(server);
        this.waitMaxMs = ctx.waitMaxMs();
        this.index = new JournalIndex(server);
    }

    void account(final HttpServerExchange exchange)
    {
        final long accountId = Json.longParam(exchange, "id");
        final ObjectNode body = ask(exchange, buffer -> requests.balances(buffer, 0, accountId,
            ExchangeQueryRequests.ALL_ASSETS), "account " + accountId);
        Json.send(exchange, 200, body);
    }

    void order(final HttpServerExchange exchange)
    {
        final long orderId = Json.longParam(exchange, "id");
        Json.send(exchange, 200, ask(exchange, buffer -> requests.order(buffer, 0, orderId), "order " + orderId));
    }

    void book(final HttpServerExchange exchange)
    {
        final int instrumentId = (int)Json.longParam(exchange, "id");
        final long depth = Json.longParam(exchange, "depth", 1);
        if (depth < 1)
        {
            throw new ApiException(400, "BAD_PARAMETER", "depth must be at least 1: " + depth);
        }
        final ObjectNode top = ask(exchange, buffer -> requests.topOfBook(buffer, 0, instrumentId),
            "instrument " + instrumentId);
        final JsonNode data = top.get("data");
        final ObjectNode body = Json.object();
        body.put("projectionSequence", top.get("projectionSequence").asLong());
        body.put("instrumentId", instrumentId);
        // The exchange's read model keeps the best level of each side: deeper levels are not projected.
        body.put("depthRequested", depth);
        body.put("depthServed", 1);
        level(body.putArray("bids"), data.path("bidPrice").asLong(), data.path("bidQuantity").asLong());
        level(body.putArray("asks"), data.path("askPrice").asLong(), data.path("askQuantity").asLong());
        Json.send(exchange, 200, body);
    }

    void instruments(final HttpServerExchange exchange)
    {
        awaitIndex(exchange);
        Json.send(exchange, 200, index.instruments());
    }

    void accountOrders(final HttpServerExchange exchange)
    {
        final long accountId = Json.longParam(exchange, "id");
        awaitIndex(exchange);
        final long[] orderIds = index.ordersOf(accountId);
        final ObjectNode body = Json.object();
        body.put("accountId", accountId);
        body.put("indexedSequence", index.indexedSequence());
        final ArrayNode orders = body.putArray("orders");
        long sequence = 0;
        for (final long orderId : orderIds)
        {
            final ObjectNode order = ask(exchange, buffer -> requests.order(buffer, 0, orderId), "order " + orderId);
            sequence = Math.max(sequence, order.get("projectionSequence").asLong());
            orders.add(order.get("data"));
        }
        body.put("projectionSequence", sequence);
        Json.send(exchange, 200, body);
    }

    private void awaitIndex(final HttpServerExchange exchange)
    {
        index.await(Json.longParam(exchange, "atLeast", 0),
            Math.min(waitMaxMs, Math.max(0, Json.longParam(exchange, "waitMs", waitMaxMs))));
    }

    private static void level(final ArrayNode side, final long price, final long quantity)
    {
        if (quantity > 0)
        {
            final ObjectNode level = side.addObject();
            level.put("price", price);
            level.put("quantity", quantity);
        }
    }

    /**
     * Asks the domain's query handler, waiting for {@code ?atLeast=} within its bound.
     *
     * @return {@code {"projectionSequence": N, "type": RESULT, "data": {...}}}.
     */
    private ObjectNode ask(final HttpServerExchange exchange, final ToIntFunction<ExpandableArrayBuffer> encode,
        final String what)
    {
        if (handler == null)
        {
            throw new ApiException(404, "NO_QUERIES", "this server's domain answers no queries");
        }
        final long atLeast = Json.longParam(exchange, "atLeast", 0);
        final long waitMs = Math.min(waitMaxMs, Math.max(0, Json.longParam(exchange, "waitMs", waitMaxMs)));
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (true)
        {
            final String json;
            final int status;
            final long sequence;
            synchronized (this)
            {
                final int length = encode.applyAsInt(query);
                handler.answer(query, 0, length, atLeast, result, RESULT_OFFSET, answer);
                status = answer.status();
                sequence = answer.projectionSequence();
                json = status == QueryStatus.OK ? decoder.toJson(result, RESULT_OFFSET) : null;
            }
            switch (status)
            {
                case QueryStatus.OK ->
                {
                    final JsonNode decoded = Json.parse(json);
                    final ObjectNode body = Json.object();
                    body.put("projectionSequence", sequence);
                    body.put("type", decoded.path("message").asText());
                    body.set("data", decoded.path("body"));
                    return body;
                }
                case QueryStatus.NOT_FOUND -> throw new ApiException(404, "NOT_FOUND", "no " + what + " (projection " +
                    "at sequence " + sequence + ")");
                case QueryStatus.NOT_YET ->
                {
                    if (System.nanoTime() - deadlineNs >= 0)
                    {
                        throw new ApiException(503, "NOT_YET", "the projection is at sequence " + sequence +
                            ", not yet at " + atLeast + " after " + waitMs + " ms; ask again");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
                default -> throw new ApiException(404, "NOT_SERVED", "this server's domain does not answer " +
                    "this query (status " + status + ")");
            }
        }
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(handler, index);
    }
}
