package io.sequent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sequent.client.ClientContext;
import io.sequent.client.CommandResult;
import io.sequent.client.SequentClient;
import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One ledger for both faces: a command a client sent over Aeron, re-sent over HTTP with the same correlation id, is
 * answered with its first outcome as a duplicate, and applied once.
 */
class CrossFaceIdempotencyTest
{
    @TempDir
    Path dir;

    @Test
    void aCommandSentOverAeronAndReSentOverHttpIsAppliedOnce()
    {
        try (HttpTestServer face = new HttpTestServer(dir);
            SequentClient client = SequentClient.connect(new ClientContext()
                .aeronDirectoryName(face.server.aeronDirectoryName())
                .ingressChannel(face.server.ingressChannel())
                .clientId(1)
                .secret(HttpTestServer.secret(1))))
        {
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
            final ExchangeCommands commands = new ExchangeCommands();
            final CommandResult opened = client.send(buffer, 0, commands.openAccount(buffer, 0, 55),
                Duration.ofSeconds(30));
            assertTrue(opened.accepted());
            final int length = commands.deposit(buffer, 0, 55, 1, 700);
            final CommandResult deposited = client.send(buffer, 0, length, Duration.ofSeconds(30));
            assertTrue(deposited.accepted());
            assertFalse(deposited.duplicate());

            final JsonNode again = HttpApiTest.json(face.command(1, "Deposit", deposited.correlationId(),
                "{\"accountId\": 55, \"assetId\": 1, \"amount\": 700}"));
            assertEquals("ACCEPTED", again.get("outcome").asText(), again.toString());
            assertTrue(again.get("duplicate").asBoolean(), again.toString());
            assertEquals(deposited.sequence(), again.get("sequence").asLong());

            final JsonNode account = HttpApiTest.json(face.get("/accounts/55?atLeast=" + deposited.sequence()));
            assertEquals(700, account.get("data").get("balances").get(0).get("available").asLong(),
                "deposited once: " + account);
        }
    }
}
