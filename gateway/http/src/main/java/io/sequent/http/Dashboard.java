package io.sequent.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@code GET /}: the dashboard, one static page with its script inline (no build step), from this jar's resources;
 * it reads the face's own JSON routes ({@code /ready}, {@code /events}, {@code /instruments}, the books) and
 * refreshes every second.
 */
final class Dashboard
{
    private static final String PAGE = "/io/sequent/http/dashboard.html";

    private final byte[] page;

    Dashboard()
    {
        try (InputStream in = Dashboard.class.getResourceAsStream(PAGE))
        {
            if (in == null)
            {
                throw new IllegalStateException("no " + PAGE + " in the sequent-http jar");
            }
            page = in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    void serve(final HttpServerExchange exchange)
    {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        SequentHttp.noCache(exchange);
        exchange.getResponseSender().send(ByteBuffer.wrap(page));
    }
}
