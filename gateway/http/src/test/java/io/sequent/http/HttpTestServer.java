package io.sequent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sequent.auth.Credentials;
import io.sequent.exchange.ExchangeModule;
import io.sequent.gateway.SequentServer;
import org.agrona.CloseHelper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A running exchange server (its own embedded driver, an OS-chosen UDP port, a test's data directory) with its HTTP
 * face on an OS-chosen port, and a real HTTP client (java.net.http) that signs commands as a client would.
 */
final class HttpTestServer implements AutoCloseable
{
    /** Clients 1 to 3 trade and read; client 4 only reads. */
    static final long READ_ONLY_CLIENT = 4;

    final SequentServer server;
    final SequentHttp http;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong correlationIds = new AtomicLong(System.currentTimeMillis());

    HttpTestServer(final Path dataDir)
    {
        this(dataDir, UnaryOperator.identity());
    }

    HttpTestServer(final Path dataDir, final UnaryOperator<SequentHttp.Context> settings)
    {
        final Credentials credentials = new Credentials();
        for (long id = 1; id <= 3; id++)
        {
            credentials.add(id, secret(id));
        }
        credentials.add(READ_ONLY_CLIENT, secret(READ_ONLY_CLIENT), Credentials.READ);
        final SequentServer.Context ctx = new SequentServer.Context().module(new ExchangeModule(), dataDir)
            .ingressChannel("aeron:udp?endpoint=localhost:0")
            .credentials(credentials);
        ctx.engine().journalSegmentLength(1 << 20);
        server = SequentServer.launch(ctx);
        SequentHttp started = null;
        try
        {
            started = SequentHttp.launch(server, settings.apply(new SequentHttp.Context().port(0)));
        }
        catch (final RuntimeException ex)
        {
            server.close();
            throw ex;
        }
        http = started;
    }

    static byte[] secret(final long clientId)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256")
                .digest(("sequent http test client " + clientId).getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    long nextCorrelationId()
    {
        return correlationIds.incrementAndGet();
    }

    HttpResponse<String> get(final String pathAndQuery)
    {
        return send(HttpRequest.newBuilder(URI.create(http.url() + pathAndQuery)).GET().build());
    }

    /**
     * POSTs a command signed by a client, as a client would.
     */
    HttpResponse<String> command(final long clientId, final String type, final long correlationId, final String json)
    {
        final String path = "/commands/" + type + "?correlationId=" + correlationId;
        return signedPost(clientId, secret(clientId), path, json, System.currentTimeMillis());
    }

    /**
     * POSTs a command and checks it was accepted.
     *
     * @return the answer's JSON.
     */
    JsonNode accepted(final long clientId, final String type, final String json)
    {
        final HttpResponse<String> response = command(clientId, type, nextCorrelationId(), json);
        if (response.statusCode() != 200 || !response.body().contains("\"outcome\":\"ACCEPTED\""))
        {
            throw new AssertionError(type + " " + json + " was not accepted: " + response.statusCode() + " " +
                response.body());
        }
        try
        {
            return new ObjectMapper().readTree(response.body());
        }
        catch (final Exception ex)
        {
            throw new AssertionError(response.body(), ex);
        }
    }

    HttpResponse<String> signedPost(
        final long clientId, final byte[] secret, final String path, final String body, final long timestampMs)
    {
        return send(signed(clientId, secret, path, body, timestampMs));
    }

    HttpRequest signed(
        final long clientId, final byte[] secret, final String path, final String body, final long timestampMs)
    {
        return HttpRequest.newBuilder(URI.create(http.url() + path))
            .header(RequestSignature.CLIENT_HEADER, Long.toString(clientId))
            .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestampMs))
            .header(RequestSignature.SIGNATURE_HEADER,
                RequestSignature.sign(secret, "POST", path, timestampMs, body))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    }

    HttpResponse<String> send(final HttpRequest request)
    {
        try
        {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(request + " failed", ex);
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(http, server);
    }
}
