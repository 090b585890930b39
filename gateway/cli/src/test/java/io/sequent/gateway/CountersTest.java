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
import io.sequent.exchange.ExchangeCommands;
import io.sequent.exchange.ExchangeQueryRequests;
import io.sequent.exchange.ExchangeReasons;
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
    private static final int FRAME_HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void countersReadFromTheCncFileMatchWhatWasSent()
    {
        try (SequentServer server = TestServers.launch(dir);
            SequentClient client = TestServers.connect(server, null))
        {
            long commandBytes = 0;
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
            }
            assertEquals(7, lastSequence, "two events (account opened, deposited) and five command records");
            final int queryLength = new ExchangeQueryRequests().balances(buffer, 0, 1, 0);
            final var answer = client.queryAtLeast(buffer, 0, queryLength, lastSequence, TIMEOUT);
            assertEquals(QueryStatus.OK, answer.status());

            try (CountersFile counters = CountersFile.open(server.aeronDirectoryName()))
            {
                // Positions are copied in the gateway's housekeeping, every 20 ms: wait for the copy, not a speed.
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while ((counters.value("sequent: projection position, last projected sequence") != 7 ||
                    counters.value("sequent: sequencer position, commands sequenced") != 5) &&
                    System.nanoTime() < deadline)
                {
                    Thread.onSpinWait();
                }
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
                // queryAtLeast asks again after each NOT_YET; one answer was OK.
                assertEquals(1L + values.get("sequent: queries answered NOT_YET"),
                    values.get("sequent: queries answered"));
                assertEquals(5L, values.get("sequent: sequencer position, commands sequenced"));
                assertEquals(7L, values.get("sequent: journal position, last journaled sequence"));
                assertEquals(7L, values.get("sequent: projection position, last projected sequence"));
                assertEquals(0L, values.get("sequent: projection lag, journaled - projected sequence"));

                final long queryBytes = FRAME_HEADER + QueryRequestEncoder.BLOCK_LENGTH + queryLength;
                assertTrue(values.get("sequent: bytes in") > commandBytes + queryBytes,
                    "the connect request, the commands and the query: " + values.get("sequent: bytes in"));
                final long sessionEvent = FRAME_HEADER + SessionEventEncoder.BLOCK_LENGTH +
                    SessionEventEncoder.detailHeaderLength();
                final long responses = 5L * (FRAME_HEADER + CommandResponseEncoder.BLOCK_LENGTH);
                final long queryResponse =
                    FRAME_HEADER + QueryResponseEncoder.BLOCK_LENGTH + answer.result().capacity();
                final long challenge = FRAME_HEADER + ChallengeEncoder.BLOCK_LENGTH;
                assertEquals(challenge + sessionEvent + responses + queryResponse,
                    values.get("sequent: bytes out"));
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
