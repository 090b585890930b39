package io.sequent.gateway;

import io.sequent.auth.Credentials;
import io.sequent.client.ClientContext;
import io.sequent.client.ResponseListener;
import io.sequent.client.SequentClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import io.sequent.exchange.ExchangeModule;

/**
 * Servers and clients for tests: a unique embedded driver, an OS-chosen UDP port, a test's own data directory, and
 * clients 1 to {@link #CLIENTS} known to the server with secrets derived from their ids.
 */
final class TestServers
{
    /** The client tests connect as unless they say otherwise. */
    static final long CLIENT_ID = 1;
    /** Clients 1 to this are in the test servers' credentials. */
    static final int CLIENTS = 8;

    private TestServers()
    {
    }

    static SequentServer launch(final Path dataDir)
    {
        return launch(dataDir, UnaryOperator.identity());
    }

    static SequentServer launch(final Path dataDir, final UnaryOperator<SequentServer.Context> settings)
    {
        final SequentServer.Context ctx = settings.apply(new SequentServer.Context()
            .ingressChannel("aeron:udp?endpoint=localhost:0")
            .credentials(credentials()));
        if (ctx.engine() == null)
        {
            // Made only when the test did not make its own: an engine context opens the projection files.
            final SequentServer.Context exchange = new SequentServer.Context().module(new ExchangeModule(), dataDir);
            exchange.engine().journalSegmentLength(1 << 20);
            ctx.engine(exchange.engine()).queryHandler(exchange.queryHandler()).audience(exchange.audience())
                .reasonNames(exchange.reasonNames());
        }
        return SequentServer.launch(ctx);
    }

    static SequentClient connect(final SequentServer server, final ResponseListener listener)
    {
        return SequentClient.connect(client(server, CLIENT_ID, listener));
    }

    static ClientContext client(
        final SequentServer server, final long clientId, final ResponseListener listener)
    {
        return new ClientContext()
            .aeronDirectoryName(server.aeronDirectoryName())
            .ingressChannel(server.ingressChannel())
            .clientId(clientId)
            .secret(secret(clientId))
            .responseListener(listener);
    }

    static Credentials credentials()
    {
        final Credentials credentials = new Credentials();
        for (long id = 1; id <= CLIENTS; id++)
        {
            credentials.add(id, secret(id));
        }
        return credentials;
    }

    /**
     * @param clientId a test client.
     * @return its secret: SHA-256 of its id, so tests in other processes derive the same one.
     */
    static byte[] secret(final long clientId)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256")
                .digest(("sequent test client " + clientId).getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Writes the test clients' credentials file where {@code sequent server --dir dataDir} looks for it.
     */
    static void writeCredentialsFile(final Path dataDir)
    {
        final StringBuilder lines = new StringBuilder();
        for (long id = 1; id <= CLIENTS; id++)
        {
            lines.append(id).append('=').append(HexFormat.of().formatHex(secret(id))).append('\n');
        }
        try
        {
            Files.createDirectories(dataDir);
            final Path file = dataDir.resolve("credentials");
            Files.writeString(file, lines);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
