package io.sequent.client;

import io.sequent.codecs.config.Configuration;
import io.sequent.codecs.config.Settings;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's settings: defaults from the shared and the client's configuration constants, each overridable by
 * property or configuration file through {@link Settings}, and a value given in code always wins.
 */
class ClientContextTest
{
    private static final String[] PROPERTIES =
    {
        Configuration.INGRESS_CHANNEL_PROP_NAME,
        Configuration.INGRESS_STREAM_ID_PROP_NAME,
        Configuration.EGRESS_CHANNEL_PROP_NAME,
        Configuration.EGRESS_STREAM_ID_PROP_NAME,
        Configuration.AERON_DIR_PROP_NAME,
        Configuration.COMMAND_MAX_LENGTH_PROP_NAME,
        Configuration.IDLE_STRATEGY_PROP_NAME,
        ClientConfiguration.CLIENT_ID_PROP_NAME,
        ClientConfiguration.CLIENT_SECRET_PROP_NAME,
        ClientConfiguration.IN_FLIGHT_WINDOW_PROP_NAME,
        ClientConfiguration.KEEPALIVE_INTERVAL_PROP_NAME,
        ClientConfiguration.LIVENESS_TIMEOUT_PROP_NAME,
        Settings.CONFIG_FILE_PROP_NAME,
    };

    @AfterEach
    void clear()
    {
        for (final String name : PROPERTIES)
        {
            System.clearProperty(name);
        }
        Settings.reload();
    }

    @Test
    void withNothingSetTheDefaultsAreTheConfigurationConstants()
    {
        final ClientContext ctx = new ClientContext();
        assertEquals(Configuration.INGRESS_CHANNEL_DEFAULT, ctx.ingressChannel());
        assertEquals(Configuration.INGRESS_STREAM_ID_DEFAULT, ctx.ingressStreamId());
        assertEquals(Configuration.EGRESS_CHANNEL_DEFAULT, ctx.egressChannel());
        assertEquals(Configuration.EGRESS_STREAM_ID_DEFAULT, ctx.egressStreamId());
        assertEquals(Configuration.COMMAND_MAX_LENGTH_DEFAULT, ctx.maxCommandLength());
        assertEquals(ClientConfiguration.CLIENT_ID_DEFAULT, ctx.clientId());
        assertNull(ctx.secret());
        assertEquals(ClientConfiguration.IN_FLIGHT_WINDOW_DEFAULT, ctx.inFlightWindow());
        assertEquals(Duration.ofMillis(ClientConfiguration.KEEPALIVE_INTERVAL_DEFAULT_MS), ctx.keepaliveInterval());
        assertEquals(Duration.ofMillis(ClientConfiguration.LIVENESS_TIMEOUT_DEFAULT_MS), ctx.livenessTimeout());
        assertEquals(Duration.ofMillis(ClientConfiguration.RECONNECT_BACKOFF_MIN_DEFAULT_MS),
            ctx.reconnectBackoffMin());
        assertEquals(Duration.ofMillis(ClientConfiguration.RECONNECT_BACKOFF_MAX_DEFAULT_MS),
            ctx.reconnectBackoffMax());
        assertEquals(Duration.ofMillis(ClientConfiguration.CONNECT_TIMEOUT_DEFAULT_MS), ctx.connectTimeout());
        assertTrue(ctx.reconnect());
        assertInstanceOf(BackoffIdleStrategy.class, ctx.idleStrategy());
    }

    @Test
    void propertiesSetEverySettingTheyName()
    {
        System.setProperty(Configuration.INGRESS_CHANNEL_PROP_NAME, "aeron:udp?endpoint=localhost:40999");
        System.setProperty(Configuration.INGRESS_STREAM_ID_PROP_NAME, "11");
        System.setProperty(Configuration.EGRESS_CHANNEL_PROP_NAME, "aeron:ipc");
        System.setProperty(Configuration.EGRESS_STREAM_ID_PROP_NAME, "21");
        System.setProperty(Configuration.AERON_DIR_PROP_NAME, "/tmp/some-driver");
        System.setProperty(Configuration.COMMAND_MAX_LENGTH_PROP_NAME, "512");
        System.setProperty(Configuration.IDLE_STRATEGY_PROP_NAME, "yielding");
        System.setProperty(ClientConfiguration.CLIENT_ID_PROP_NAME, "7");
        System.setProperty(ClientConfiguration.CLIENT_SECRET_PROP_NAME, "0a0b");
        System.setProperty(ClientConfiguration.IN_FLIGHT_WINDOW_PROP_NAME, "64");
        System.setProperty(ClientConfiguration.KEEPALIVE_INTERVAL_PROP_NAME, "250");
        System.setProperty(ClientConfiguration.LIVENESS_TIMEOUT_PROP_NAME, "2_000");

        final ClientContext ctx = new ClientContext().conclude();
        assertEquals("aeron:udp?endpoint=localhost:40999", ctx.ingressChannel());
        assertEquals(11, ctx.ingressStreamId());
        assertEquals("aeron:ipc", ctx.egressChannel());
        assertEquals(21, ctx.egressStreamId());
        assertEquals("/tmp/some-driver", ctx.aeronDirectoryName());
        assertEquals(512, ctx.maxCommandLength());
        assertInstanceOf(YieldingIdleStrategy.class, ctx.idleStrategy());
        assertEquals(7, ctx.clientId());
        assertArrayEquals(new byte[]{ 0x0a, 0x0b }, ctx.secret());
        assertEquals(64, ctx.inFlightWindow());
        assertEquals(Duration.ofMillis(250), ctx.keepaliveInterval());
        assertEquals(Duration.ofSeconds(2), ctx.livenessTimeout());
    }

    @Test
    void aValueGivenInCodeWinsOverAPropertyAndTheConfigFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("client.properties");
        Files.writeString(file, ClientConfiguration.IN_FLIGHT_WINDOW_PROP_NAME + "=128\n" +
            ClientConfiguration.CLIENT_ID_PROP_NAME + "=9\n");
        System.setProperty(Settings.CONFIG_FILE_PROP_NAME, file.toString());
        System.setProperty(ClientConfiguration.CLIENT_ID_PROP_NAME, "8");
        Settings.reload();

        final ClientContext fromSources = new ClientContext();
        assertEquals(128, fromSources.inFlightWindow(), "the config file sets what no property does");
        assertEquals(8, fromSources.clientId(), "a property ranks above the config file");

        final ClientContext inCode = new ClientContext().inFlightWindow(16).clientId(3)
            .idleStrategy(new BusySpinIdleStrategy());
        assertEquals(16, inCode.inFlightWindow());
        assertEquals(3, inCode.clientId());
        assertInstanceOf(BusySpinIdleStrategy.class, inCode.idleStrategy());
    }

    @Test
    void concludeAsksForAClientIdAndSecretByTheirPropertyNames()
    {
        final IllegalStateException noId = assertThrows(IllegalStateException.class,
            () -> new ClientContext().secretHex("0a").conclude());
        assertTrue(noId.getMessage().contains(ClientConfiguration.CLIENT_ID_PROP_NAME), noId.getMessage());
        assertTrue(noId.getMessage().contains(ClientConfiguration.CLIENT_SECRET_PROP_NAME), noId.getMessage());
        assertThrows(IllegalStateException.class, () -> new ClientContext().clientId(1).conclude());
        assertEquals(1, new ClientContext().clientId(1).secretHex("0a").conclude().clientId());
    }

    @Test
    void concludeRejectsSettingsThatCannotWork()
    {
        assertThrows(IllegalStateException.class,
            () -> credentialed().ingressChannel("udp://localhost:40123").conclude());
        assertThrows(IllegalStateException.class, () -> credentialed().inFlightWindow(0).conclude());
        assertThrows(IllegalStateException.class, () -> credentialed().maxCommandLength(0).conclude());
        assertThrows(IllegalStateException.class, () -> credentialed()
            .keepaliveInterval(Duration.ofSeconds(5)).livenessTimeout(Duration.ofSeconds(5)).conclude());
    }

    @Test
    void aMalformedSecretIsNamedButNeverEchoed()
    {
        System.setProperty(ClientConfiguration.CLIENT_SECRET_PROP_NAME, "not-hex-s3cr3t");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ClientContext::new);
        assertTrue(ex.getMessage().contains(ClientConfiguration.CLIENT_SECRET_PROP_NAME), ex.getMessage());
        assertFalse(ex.getMessage().contains("s3cr3t"), ex.getMessage());
    }

    @Test
    void anUnknownIdleStrategyNamesTheChoices()
    {
        System.setProperty(Configuration.IDLE_STRATEGY_PROP_NAME, "sometimes");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ClientContext::new);
        assertTrue(ex.getMessage().contains("backoff, yielding, sleeping, busy-spin or noop"), ex.getMessage());
    }

    private static ClientContext credentialed()
    {
        return new ClientContext().clientId(1).secretHex("0a");
    }
}
