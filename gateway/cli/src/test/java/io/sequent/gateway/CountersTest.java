package io.sequent.gateway;

import io.sequent.cli.SequentCli;
import io.sequent.client.CommandResult;
import io.sequent.client.SequentClient;
import io.sequent.codecs.session.ChallengeEncoder;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.CommandResponseEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.QueryRequestEncoder;
import io.sequent.codecs.session.QueryResponseEncoder;
import io.sequent.codecs.session.SessionEventEncoder;
import io.sequent.codecs.QueryStatus;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.api.ExchangeQueryRequests;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.metrics.CountersFile;
import org.agrona.concurrent.UnsafeBuffer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's counters as another process sees them: read from the driver's CnC file with the {@code stat}
 * command's reader, after a known sequence of commands and a query.
 */
class CountersTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Longer than the test may take: no keepalive falls due while it runs. */
    private static final Duration QUIET = Duration.ofMinutes(5);
    private static final int FRAME_HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void countersReadFromTheCncFileMatchWhatWasSent()
    {
        // Every byte the server sends is asserted, so nothing may send on a timer: no keepalives (their echoes
        // would add bytes whenever the machine is slow enough for one to fall due) and no session timeout.
        try (SequentServer server = TestServers.launch(dir, ctx -> ctx.sessionTimeoutMs(QUIET.toMillis() * 2));
            SequentClient client = SequentClient.connect(TestServers.client(server, TestServers.CLIENT_ID, null)
                .keepaliveInterval(QUIET).livenessTimeout(QUIET.multipliedBy(2))))
        {
            long commandBytes = 0;
            long responseBytes = 0;
            final int[] expectedReasons = { 0, 0, ExchangeReasons.INSUFFICIENT_FUNDS, ExchangeReasons.UNKNOWN_ACCOUNT,
                ExchangeReasons.INSUFFICIENT_FUNDS };
            long lastSequence = 0;
            for (int i = 0; i < expectedReasons.length; i++)
            {
                final int length = encode(i);
                final CommandResult result = client.send(buffer, 0, length, TIMEOUT);
                assertEquals(expectedReasons[i], result.reason());
                lastSequence = Math.max(lastSequence, result.sequence());
                commandBytes += FRAME_HEADER + CommandHeaderEncoder.BLOCK_LENGTH + length;
                // Each response carries the domain's result, if any, after its block.
                responseBytes += FRAME_HEADER + CommandResponseEncoder.BLOCK_LENGTH +
                    CommandResponseEncoder.resultHeaderLength() + result.result().length;
            }
            assertEquals(7, lastSequence, "two events (account opened, deposited) and five command records");

            try (CountersFile counters = CountersFile.open(server.aeronDirectoryName()))
            {
                // Wait for the projection before querying, so the query is answered OK at once whatever the timing
                // (a NOT_YET answer would be bytes out too). The counter is published after every projection has
                // applied the batch, and the query is answered on the thread that published it.
                awaitCounter(counters, "sequent: projection position, last projected sequence", lastSequence);
                awaitCounter(counters, "sequent: sequencer position, commands sequenced", 5);
                final int queryLength = new ExchangeQueryRequests().balances(buffer, 0, 1, 0);
                final var answer = client.queryAtLeast(buffer, 0, queryLength, lastSequence, TIMEOUT);
                assertEquals(QueryStatus.OK, answer.status());
                // The gateway counts bytes out once the publication took them: the client may hear first.
                final long sessionEvent = FRAME_HEADER + SessionEventEncoder.BLOCK_LENGTH +
                    SessionEventEncoder.detailHeaderLength();
                final long responses = responseBytes;
                final long queryResponse =
                    FRAME_HEADER + QueryResponseEncoder.BLOCK_LENGTH + answer.result().capacity();
                final long challenge = FRAME_HEADER + ChallengeEncoder.BLOCK_LENGTH;
                final long bytesOut = challenge + sessionEvent + responses + queryResponse;
                awaitCounter(counters, "sequent: bytes out", bytesOut);

                final Map<String, Long> values = counters.sequentCounters();
                assertEquals(5L, values.get("sequent: commands received"));
                assertEquals(2L, values.get("sequent: commands accepted"));
                assertEquals(3L, values.get("sequent: commands rejected"));
                assertEquals(2L, values.get("sequent: commands rejected, INSUFFICIENT_FUNDS (" +
                    ExchangeReasons.INSUFFICIENT_FUNDS + ")"));
                assertEquals(1L, values.get("sequent: commands rejected, UNKNOWN_ACCOUNT (" +
                    ExchangeReasons.UNKNOWN_ACCOUNT + ")"));
                assertEquals(1L, values.get("sequent: sessions open"));
                assertEquals(0L, values.get("sequent: sessions refused"));
                assertEquals(0L, values.get("sequent: ingress back-pressure events"));
                assertEquals(0L, values.get("sequent: responses dropped, client gone or stuck"));
                // The projection had the sequence before the query came: one query, answered OK the first time.
                assertEquals(0L, values.get("sequent: queries answered NOT_YET"));
                assertEquals(1L, values.get("sequent: queries answered"));
                assertEquals(5L, values.get("sequent: sequencer position, commands sequenced"));
                assertEquals(7L, values.get("sequent: journal position, last journaled sequence"));
                assertEquals(7L, values.get("sequent: projection position, last projected sequence"));
                assertEquals(0L, values.get("sequent: projection lag, journaled - projected sequence"));

                final long queryBytes = FRAME_HEADER + QueryRequestEncoder.BLOCK_LENGTH + queryLength;
                assertTrue(values.get("sequent: bytes in") > commandBytes + queryBytes,
                    "the connect request, the commands and the query: " + values.get("sequent: bytes in"));
                assertEquals(bytesOut, values.get("sequent: bytes out"));
            }

            final StringWriter text = new StringWriter();
            final int exit = new CommandLine(new SequentCli()).setOut(new PrintWriter(text))
                .execute("stat", "--aeron-dir", server.aeronDirectoryName(), "--count", "1");
            assertEquals(0, exit, text.toString());
            assertTrue(text.toString().lines().anyMatch(line ->
                line.contains("sequent: commands received") && line.trim().endsWith(" 5")), text.toString());
            assertTrue(text.toString().lines().anyMatch(line ->
                line.contains("INSUFFICIENT_FUNDS") && line.trim().endsWith(" 2")), text.toString());

            final StringWriter json = new StringWriter();
            assertEquals(0, new CommandLine(new SequentCli()).setOut(new PrintWriter(json))
                .execute("stat", "--aeron-dir", server.aeronDirectoryName(), "--count", "2", "--interval", "100ms",
                    "--json"), json.toString());
            final List<String> lines = json.toString().lines().toList();
            assertEquals(2, lines.size(), json.toString());
            final JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
            assertEquals(server.aeronDirectoryName(), first.get("aeronDir").getAsString());
            assertEquals(5, first.getAsJsonObject("counters").get("sequent: commands received").getAsLong());
            assertEquals(0, first.getAsJsonObject("ratesPerSecond").size(), "no rate before a second print");
            final JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
            assertEquals(0.0, second.getAsJsonObject("ratesPerSecond").get("sequent: commands received")
                .getAsDouble());
        }
    }

    @Test
    void statSaysWhatToDoWhenNoDriverIsThere()
    {
        final StringWriter err = new StringWriter();
        final int exit = new CommandLine(new SequentCli()).setErr(new PrintWriter(err))
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            {
                commandLine.getErr().println(ex.getMessage());
                return 1;
            })
            .execute("stat", "--aeron-dir", dir.resolve("nothing").toString(), "--count", "1");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("no media driver at"), err.toString());
        assertTrue(err.toString().contains("aeronDir="), err.toString());
    }

    /**
     * Waits for a counter the gateway copies in its housekeeping, or counts after the client may already have heard,
     * to reach a value: the condition, not a speed. One that passes the value never comes back to it, and fails.
     */
    private static void awaitCounter(final CountersFile counters, final String label, final long expected)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (counters.value(label) != expected)
        {
            assertTrue(System.nanoTime() < deadline, label + " reaches " + expected + ": " + counters.value(label));
            Thread.yield();
        }
    }

    private int encode(final int index)
    {
        return switch (index)
        {
            case 0 -> commands.openAccount(buffer, 0, 1);
            case 1 -> commands.deposit(buffer, 0, 1, 0, 500);
            case 2 -> commands.withdraw(buffer, 0, 1, 0, 501);
            case 3 -> commands.deposit(buffer, 0, 9, 0, 1);
            default -> commands.withdraw(buffer, 0, 1, 0, 600);
        };
    }
}
