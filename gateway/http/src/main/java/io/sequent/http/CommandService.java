package io.sequent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sequent.auth.Credentials;
import io.sequent.codecs.RejectReason;
import io.sequent.gateway.CommandBridge;
import io.sequent.gateway.SequentServer;
import io.sequent.journal.SchemaJsonDecoder;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * {@code POST /commands/{type}?correlationId=N}: a command of the domain as a JSON object of its fields, signed by
 * its client ({@link RequestSignature}), encoded through the domain's schema and handed to the gateway's
 * {@link CommandBridge}: the same command ring, sequencer and dedup ledger as Aeron clients, so a re-POST of the same
 * (client id, correlation id) is answered with the first outcome, marked duplicate. The answer is the outcome: 200
 * accepted with the command's sequence and the domain's result as JSON, or the rejection's reason with its status.
 */
final class CommandService
{
    /** Signatures remembered for replay detection at most; past it, the expired ones are dropped. */
    private static final int REPLAY_CACHE_PURGE_AT = 10_000;

    private final Credentials credentials;
    private final CommandBridge bridge;
    private final JsonCommandEncoder encoder;
    private final SchemaJsonDecoder decoder;
    private final IntFunction<String> reasonNames;
    private final Metrics metrics;
    private final int maxBodyBytes;
    private final long skewMs;
    private final long timeoutMs;
    private final Map<String, Long> seenSignatures = new ConcurrentHashMap<>();

    CommandService(final SequentServer server, final SequentHttp.Context ctx, final Metrics metrics)
    {
        this.credentials = server.context().credentials();
        this.bridge = server.commandBridge();
        this.encoder = new JsonCommandEncoder(DomainSchemas.schemaXml(server));
        this.decoder = DomainSchemas.decoder(server);
        this.reasonNames = server.context().reasonNames();
        this.metrics = metrics;
        this.maxBodyBytes = ctx.maxBodyBytes();
        this.skewMs = ctx.signatureSkewMs();
        this.timeoutMs = ctx.commandTimeoutMs();
    }

    void serve(final HttpServerExchange exchange)
    {
        final String body = readBody(exchange);
        final long clientId = authenticate(exchange, body);
        final String type = exchange.getQueryParameters().get("type").getFirst();
        final long correlationId = Json.longParam(exchange, "correlationId");
        final JsonNode fields;
        try
        {
            fields = Json.MAPPER.readTree(body);
        }
        catch (final JsonProcessingException ex)
        {
            throw new ApiException(400, "BAD_JSON", "the body is not JSON: " + ex.getOriginalMessage());
        }
        final byte[] command = encoder.encode(type, fields);
        final long startNs = System.nanoTime();
        final CompletableFuture<CommandBridge.Outcome> pending = bridge.submit(clientId, correlationId, command);
        if (pending == null)
        {
            throw new ApiException(429, "BACK_PRESSURE", "the gateway has " + CommandBridge.DEFAULT_CAPACITY +
                " HTTP commands waiting for the engine: re-send after a moment (same correlation id)");
        }
        final CommandBridge.Outcome outcome;
        try
        {
            outcome = pending.get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            metrics.commandAnswered("timeout", System.nanoTime() - startNs);
            throw new ApiException(503, "NO_OUTCOME_YET", "no outcome within " + timeoutMs + " ms: re-send with " +
                "the same correlation id, which the engine answers once");
        }
        catch (final ExecutionException ex)
        {
            throw new ApiException(503, "UNAVAILABLE", ex.getCause().getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "UNAVAILABLE", "interrupted");
        }
        final boolean accepted = outcome.reason() == RejectReason.NONE;
        metrics.commandAnswered(accepted ? "accepted" : "rejected", System.nanoTime() - startNs);
        answer(exchange, type, correlationId, outcome, accepted);
    }

    private void answer(
        final HttpServerExchange exchange,
        final String type,
        final long correlationId,
        final CommandBridge.Outcome outcome,
        final boolean accepted)
    {
        final ObjectNode body = Json.object();
        body.put("outcome", accepted ? "ACCEPTED" : "REJECTED");
        body.put("command", type);
        body.put("correlationId", correlationId);
        body.put("sequence", outcome.sequence());
        body.put("timestamp", outcome.timestamp());
        body.put("duplicate", outcome.duplicate());
        if (outcome.result().length > 0)
        {
            final JsonNode result = Json.parse(decoder.toJson(new UnsafeBuffer(outcome.result()), 0));
            body.put("resultType", result.path("message").asText());
            body.set("result", result.path("body"));
        }
        if (accepted)
        {
            Json.send(exchange, 200, body);
            return;
        }
        final String name = reasonNames.apply(outcome.reason());
        final int status = statusOf(name);
        final ObjectNode error = body.putObject("error");
        error.put("status", status);
        error.put("code", name);
        error.put("text", "rejected " + name + (outcome.detail() != 0 ? " (detail " + outcome.detail() + ")" : ""));
        error.put("reason", outcome.reason());
        body.put("detail", outcome.detail());
        Json.send(exchange, status, body);
    }

    /**
     * @param reasonName a reject reason's name.
     * @return the HTTP status that tells a client what kind of refusal it is.
     */
    static int statusOf(final String reasonName)
    {
        return switch (reasonName)
        {
            case "VERSION_CONFLICT", "DUPLICATE_CLIENT_ORDER_ID", "ACCOUNT_EXISTS", "INSTRUMENT_EXISTS" -> 409;
            case "NOT_ACCOUNT_OWNER", "ORDER_NOT_OWNED", "NOT_PERMITTED" -> 403;
            case "MESSAGE_TOO_LARGE" -> 413;
            case "UNKNOWN_ACCOUNT", "UNKNOWN_ORDER", "UNKNOWN_INSTRUMENT" -> 404;
            default -> 422;
        };
    }

    private String readBody(final HttpServerExchange exchange)
    {
        if (exchange.getRequestContentLength() > maxBodyBytes)
        {
            throw new ApiException(413, "BODY_TOO_LARGE", "the body has " + exchange.getRequestContentLength() +
                " bytes; at most " + maxBodyBytes + " are taken");
        }
        try (InputStream in = exchange.getInputStream())
        {
            final byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes)
            {
                throw new ApiException(413, "BODY_TOO_LARGE", "the body is over " + maxBodyBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the client whose signature the request carries, with the trade role.
     * @throws ApiException 401 when unsigned, unknown, stale, replayed or wrongly signed; 403 without the role.
     */
    private long authenticate(final HttpServerExchange exchange, final String body)
    {
        final String client = header(exchange, RequestSignature.CLIENT_HEADER);
        final String timestamp = header(exchange, RequestSignature.TIMESTAMP_HEADER);
        final String signature = header(exchange, RequestSignature.SIGNATURE_HEADER);
        if (client == null || timestamp == null || signature == null)
        {
            throw new ApiException(401, "UNAUTHENTICATED", "sign the request: headers " +
                RequestSignature.CLIENT_HEADER + ", " + RequestSignature.TIMESTAMP_HEADER + " and " +
                RequestSignature.SIGNATURE_HEADER + " (HMAC-SHA256 of method, path, timestamp and body)");
        }
        final long clientId;
        final long timestampMs;
        try
        {
            clientId = Long.parseLong(client);
            timestampMs = Long.parseLong(timestamp);
        }
        catch (final NumberFormatException ex)
        {
            throw new ApiException(401, "UNAUTHENTICATED", "client id and timestamp must be integers");
        }
        final byte[] secret = credentials.secret(clientId);
        final String pathAndQuery = exchange.getRequestURI() +
            (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
        if (secret == null || !RequestSignature.verify(secret,
            RequestSignature.canonical(exchange.getRequestMethod().toString(), pathAndQuery, timestampMs, body),
            signature))
        {
            throw new ApiException(401, "BAD_SIGNATURE", "no such client, or the signature is not its secret's " +
                "HMAC-SHA256 of \"METHOD\\nPATH?QUERY\\nTIMESTAMP\\nBODY\"");
        }
        final long nowMs = System.currentTimeMillis();
        if (Math.abs(nowMs - timestampMs) > skewMs)
        {
            throw new ApiException(401, "STALE_SIGNATURE", "the timestamp is " + (nowMs - timestampMs) + " ms " +
                "from the server's clock; at most " + skewMs + " ms are taken: sign with the current time");
        }
        if (seenSignatures.putIfAbsent(signature.toLowerCase(), timestampMs) != null)
        {
            throw new ApiException(401, "REPLAYED", "this signed request was sent before: sign a re-send anew " +
                "(same correlation id, new timestamp)");
        }
        if (seenSignatures.size() > REPLAY_CACHE_PURGE_AT)
        {
            seenSignatures.values().removeIf(seen -> Math.abs(nowMs - seen) > skewMs);
        }
        if ((credentials.roles(clientId) & Credentials.TRADE) == 0)
        {
            throw new ApiException(403, "NOT_PERMITTED", "client " + clientId + " has no trade role");
        }
        return clientId;
    }

    private static String header(final HttpServerExchange exchange, final String name)
    {
        final HeaderValues values = exchange.getRequestHeaders().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
