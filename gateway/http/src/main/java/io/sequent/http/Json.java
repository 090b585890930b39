package io.sequent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Deque;

/**
 * JSON in and out of the HTTP face, with Jackson: answers, errors, and the request parameters the routes read.
 */
final class Json
{
    /** One mapper for the face: thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json()
    {
    }

    static ObjectNode object()
    {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(final String json)
    {
        try
        {
            return MAPPER.readTree(json);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("not JSON: " + json, ex);
        }
    }

    static void send(final HttpServerExchange exchange, final int status, final JsonNode body)
    {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        SequentHttp.noCache(exchange);
        exchange.getResponseSender().send(body.toString(), StandardCharsets.UTF_8);
    }

    static void error(final HttpServerExchange exchange, final ApiException ex)
    {
        final ObjectNode body = object();
        final ObjectNode error = body.putObject("error");
        error.put("status", ex.status());
        error.put("code", ex.code());
        error.put("text", ex.getMessage());
        if (ex.reason() != 0)
        {
            error.put("reason", ex.reason());
        }
        if (ex.status() == 429 || ex.status() == 503)
        {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        }
        send(exchange, ex.status(), body);
    }

    /**
     * @return the path parameter or query parameter of that name as a long.
     * @throws ApiException 400 when it is not a number.
     */
    static long longParam(final HttpServerExchange exchange, final String name, final long defaultValue)
    {
        final Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty() || values.getFirst().isEmpty())
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(values.getFirst());
        }
        catch (final NumberFormatException ex)
        {
            throw new ApiException(400, "BAD_PARAMETER", name + " must be an integer: " + values.getFirst());
        }
    }

    /**
     * @return a required path or query parameter as a long.
     */
    static long longParam(final HttpServerExchange exchange, final String name)
    {
        final long value = longParam(exchange, name, Long.MIN_VALUE);
        if (value == Long.MIN_VALUE)
        {
            throw new ApiException(400, "BAD_PARAMETER", name + " is required");
        }
        return value;
    }
}
