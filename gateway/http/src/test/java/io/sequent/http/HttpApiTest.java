package io.sequent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of the HTTP face against a running exchange server, through a real HTTP client: commands signed and
 * answered with their outcome, reads of what they did (read-your-writes with {@code atLeast}), the journal's events,
 * and each kind of refusal with its status and JSON error.
 */
class HttpApiTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static HttpTestServer face;

    @BeforeAll
    static void start()
    {
        face = new HttpTestServer(dir.resolve("data"));
    }

    @AfterAll
    static void stop()
    {
        if (face != null)
        {
            face.close();
        }
    }

    static JsonNode json(final HttpResponse<String> response)
    {
        try
        {
            return JSON.readTree(response.body());
        }
        catch (final Exception ex)
        {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), ex);
        }
    }

    static JsonNode ok(final HttpResponse<String> response)
    {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return json(response);
    }

    static JsonNode accepted(final long client, final String type, final String body)
    {
        return face.accepted(client, type, body);
    }

    static void assertError(final HttpResponse<String> response, final int status, final String code)
    {
        assertEquals(status, response.statusCode(), response.body());
        final JsonNode error = json(response).get("error");
        assertEquals(code, error.get("code").asText(), response.body());
        assertFalse(error.get("text").asText().isEmpty());
    }

    @Test
    void healthAndReadiness()
    {
        assertEquals("UP", ok(face.get("/health")).get("status").asText());
        final JsonNode ready = ok(face.get("/ready"));
        assertEquals("READY", ready.get("status").asText());
        assertTrue(ready.get("checks").get("journalWritable").asBoolean());
        assertTrue(ready.get("checks").get("projectionsCaughtUp").asBoolean());
    }

    @Test
    void commandsAreAnsweredAndTheirEffectsReadBack()
    {
        final JsonNode opened = accepted(1, "OpenAccount", "{\"accountId\": 101}");
        assertEquals("OpenAccountResult", opened.get("resultType").asText());
        assertEquals(101, opened.get("result").get("accountId").asLong());
        accepted(2, "OpenAccount", "{\"accountId\": 102}");
        accepted(1, "Deposit", "{\"accountId\": 101, \"assetId\": 1, \"amount\": 100000}");
        accepted(2, "Deposit", "{\"accountId\": 102, \"assetId\": 0, \"amount\": 500}");
        accepted(1, "AddInstrument",
            "{\"instrumentId\": 7, \"baseAsset\": 0, \"quoteAsset\": 1, \"priceTick\": 1, \"lotSize\": 1}");
        final JsonNode sell = accepted(2, "PlaceOrder", "{\"accountId\": 102, \"clientOrderId\": 1, " +
            "\"instrumentId\": 7, \"side\": \"SELL\", \"timeInForce\": \"GTC\", \"price\": 100, \"quantity\": 50}");
        final long sellOrder = sell.get("result").get("orderId").asLong();
        final JsonNode buy = accepted(1, "PlaceOrder", "{\"accountId\": 101, \"clientOrderId\": 1, " +
            "\"instrumentId\": 7, \"side\": \"BUY\", \"timeInForce\": \"GTC\", \"price\": 100, \"quantity\": 20}");
        assertEquals(20, buy.get("result").get("filledQuantity").asLong(), buy.toString());
        final long last = buy.get("sequence").asLong();

        final JsonNode account = ok(face.get("/accounts/101?atLeast=" + last));
        assertTrue(account.get("projectionSequence").asLong() >= last);
        assertEquals("BalanceResult", account.get("type").asText());
        long base = -1;
        for (final JsonNode balance : account.get("data").get("balances"))
        {
            if (balance.get("assetId").asInt() == 0)
            {
                base = balance.get("available").asLong();
            }
        }
        assertEquals(20, base, account.toString());

        final JsonNode order = ok(face.get("/orders/" + sellOrder + "?atLeast=" + last));
        assertEquals(30, order.get("data").get("remaining").asLong(), order.toString());
        assertEquals("LIVE", order.get("data").get("status").asText());

        final JsonNode orders = ok(face.get("/accounts/102/orders?atLeast=" + last));
        assertEquals(1, orders.get("orders").size(), orders.toString());
        assertEquals(sellOrder, orders.get("orders").get(0).get("orderId").asLong());

        final JsonNode instruments = ok(face.get("/instruments?atLeast=" + last));
        assertEquals(7, instruments.get("instruments").get(0).get("instrumentId").asInt(), instruments.toString());

        final JsonNode book = ok(face.get("/instruments/7/book?depth=5&atLeast=" + last));
        assertEquals(100, book.get("asks").get(0).get("price").asLong(), book.toString());
        assertEquals(30, book.get("asks").get(0).get("quantity").asLong());
        assertEquals(0, book.get("bids").size());

        final JsonNode events = ok(face.get("/events?from=1&limit=1000&atLeast=" + last));
        boolean traded = false;
        for (final JsonNode entry : events.get("events"))
        {
            traded |= "TradeExecuted".equals(entry.get("event").get("message").asText());
        }
        assertTrue(traded, events.toString());
        final JsonNode page = ok(face.get("/events?from=1&limit=2"));
        assertEquals(2, page.get("events").size());
        assertEquals(3, page.get("next").asLong());
    }

    @Test
    void aReSentCommandIsAnsweredOnceWithItsFirstOutcome()
    {
        final long correlationId = face.nextCorrelationId();
        final JsonNode first = ok(face.command(3, "OpenAccount", correlationId, "{\"accountId\": 301}"));
        final JsonNode again = ok(face.command(3, "OpenAccount", correlationId, "{\"accountId\": 301}"));
        assertFalse(first.get("duplicate").asBoolean());
        assertTrue(again.get("duplicate").asBoolean(), again.toString());
        assertEquals(first.get("sequence").asLong(), again.get("sequence").asLong());
        assertEquals("ACCEPTED", again.get("outcome").asText());
        // A new correlation id is a new command: the account exists now.
        assertError(face.command(3, "OpenAccount", face.nextCorrelationId(), "{\"accountId\": 301}"), 409,
            "ACCOUNT_EXISTS");
    }

    @Test
    void refusalsCarryTheirStatusAndReason()
    {
        accepted(3, "OpenAccount", "{\"accountId\": 302}");
        assertError(face.command(3, "Deposit", face.nextCorrelationId(),
            "{\"accountId\": 302, \"assetId\": 1, \"amount\": 5, \"expectedVersion\": 99}"), 409, "VERSION_CONFLICT");
        assertError(face.command(1, "Deposit", face.nextCorrelationId(),
            "{\"accountId\": 302, \"assetId\": 1, \"amount\": 5}"), 403, "NOT_ACCOUNT_OWNER");
        assertError(face.command(3, "Withdraw", face.nextCorrelationId(),
            "{\"accountId\": 302, \"assetId\": 1, \"amount\": 5}"), 422, "INSUFFICIENT_FUNDS");
        assertError(face.command(3, "Deposit", face.nextCorrelationId(), "{\"accountId\": 302"), 400, "BAD_JSON");
        assertError(face.command(3, "Deposit", face.nextCorrelationId(), "{\"accountId\": 302}"), 400,
            "MISSING_FIELD");
        assertError(face.command(3, "Deposit", face.nextCorrelationId(),
            "{\"accountId\": 302, \"assetId\": 1, \"amount\": 5, \"colour\": 1}"), 400, "UNKNOWN_FIELD");
        assertError(face.command(3, "PlaceOrder", face.nextCorrelationId(), "{\"accountId\": 302, " +
            "\"clientOrderId\": 1, \"instrumentId\": 7, \"side\": \"UP\", \"timeInForce\": \"GTC\", \"price\": 1, " +
            "\"quantity\": 1}"), 400, "BAD_FIELD");
        assertError(face.command(3, "Teleport", face.nextCorrelationId(), "{}"), 404, "UNKNOWN_COMMAND");
        assertError(face.command(3, "Deposit", face.nextCorrelationId(),
            "{\"accountId\": 302, \"padding\": \"" + "x".repeat(HttpConfiguration.MAX_BODY_BYTES_DEFAULT) + "\"}"),
            413, "BODY_TOO_LARGE");
        assertError(face.get("/no/such/route"), 404, "NOT_FOUND");
        assertError(face.get("/accounts/999999"), 404, "NOT_FOUND");
        assertError(face.get("/accounts/abc"), 400, "BAD_PARAMETER");
        assertError(face.get("/accounts/302?atLeast=999999999&waitMs=50"), 503, "NOT_YET");
        assertError(face.get("/events?from=1&limit=100000"), 400, "BAD_PARAMETER");
        assertError(face.get("/commands/Deposit"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void unsignedForgedStaleReplayedAndUnpermittedCommandsAreRefused()
    {
        final String path = "/commands/OpenAccount?correlationId=" + face.nextCorrelationId();
        final String body = "{\"accountId\": 401}";
        assertError(face.send(HttpRequest.newBuilder(java.net.URI.create(face.http.url() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build()), 401, "UNAUTHENTICATED");
        assertError(face.signedPost(1, HttpTestServer.secret(2), path, body, System.currentTimeMillis()), 401,
            "BAD_SIGNATURE");
        assertError(face.signedPost(99, HttpTestServer.secret(99), path, body, System.currentTimeMillis()), 401,
            "BAD_SIGNATURE");
        assertError(face.signedPost(1, HttpTestServer.secret(1), path, body, System.currentTimeMillis() - 600_000),
            401, "STALE_SIGNATURE");
        final HttpRequest signed = face.signed(1, HttpTestServer.secret(1), path, body, System.currentTimeMillis());
        assertEquals(200, face.send(signed).statusCode());
        assertError(face.send(signed), 401, "REPLAYED");
        // Signed over another body: the signature does not match what was sent.
        final HttpRequest tampered = HttpRequest.newBuilder(signed, (name, value) -> true)
            .POST(HttpRequest.BodyPublishers.ofString("{\"accountId\": 402}")).build();
        assertError(face.send(tampered), 401, "BAD_SIGNATURE");
        assertError(face.command(HttpTestServer.READ_ONLY_CLIENT, "OpenAccount", face.nextCorrelationId(),
            "{\"accountId\": 403}"), 403, "NOT_PERMITTED");
    }
}
