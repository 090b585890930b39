package io.sequent.client;

import io.aeron.Aeron;
import io.sequent.codecs.config.Configuration;
import io.sequent.codecs.config.DefaultAeronDirectory;
import io.sequent.codecs.config.Settings;
import org.agrona.concurrent.IdleStrategy;

import java.time.Duration;
import java.util.HexFormat;

/**
 * Configuration of a {@link SequentClient}, handed to {@link SequentClient#connect}. Settings made in code win; the
 * others are read when the context is made, through {@link Settings} (system property, then environment variable,
 * then configuration file, then default), under the names in {@link Configuration} (shared with the server) and
 * {@link ClientConfiguration} (the client's own); each setter names its property.
 * <p>
 * A context configures one client: it holds that client's idle strategy, so make a new one for every client.
 */
public final class ClientContext
{
    private String ingressChannel = Settings.string(
        Configuration.INGRESS_CHANNEL_PROP_NAME, Configuration.INGRESS_CHANNEL_DEFAULT);
    private int ingressStreamId = Settings.intValue(
        Configuration.INGRESS_STREAM_ID_PROP_NAME, Configuration.INGRESS_STREAM_ID_DEFAULT);
    private String egressChannel = Settings.string(
        Configuration.EGRESS_CHANNEL_PROP_NAME, Configuration.EGRESS_CHANNEL_DEFAULT);
    private int egressStreamId = Settings.intValue(
        Configuration.EGRESS_STREAM_ID_PROP_NAME, Configuration.EGRESS_STREAM_ID_DEFAULT);
    private String aeronDirectoryName = Settings.string(Configuration.AERON_DIR_PROP_NAME, null);
    private long clientId = Settings.longValue(
        ClientConfiguration.CLIENT_ID_PROP_NAME, ClientConfiguration.CLIENT_ID_DEFAULT);
    private byte[] secret = secretSetting();
    private int inFlightWindow = Settings.intValue(
        ClientConfiguration.IN_FLIGHT_WINDOW_PROP_NAME, ClientConfiguration.IN_FLIGHT_WINDOW_DEFAULT);
    private int maxCommandLength = Settings.intValue(
        Configuration.COMMAND_MAX_LENGTH_PROP_NAME, Configuration.COMMAND_MAX_LENGTH_DEFAULT);
    private Duration keepaliveInterval = Duration.ofMillis(Settings.longValue(
        ClientConfiguration.KEEPALIVE_INTERVAL_PROP_NAME, ClientConfiguration.KEEPALIVE_INTERVAL_DEFAULT_MS));
    private Duration livenessTimeout = Duration.ofMillis(Settings.longValue(
        ClientConfiguration.LIVENESS_TIMEOUT_PROP_NAME, ClientConfiguration.LIVENESS_TIMEOUT_DEFAULT_MS));
    private Duration reconnectBackoffMin = Duration.ofMillis(ClientConfiguration.RECONNECT_BACKOFF_MIN_DEFAULT_MS);
    private Duration reconnectBackoffMax = Duration.ofMillis(ClientConfiguration.RECONNECT_BACKOFF_MAX_DEFAULT_MS);
    private Duration connectTimeout = Duration.ofMillis(ClientConfiguration.CONNECT_TIMEOUT_DEFAULT_MS);
    private boolean reconnect = true;
    private IdleStrategy idleStrategy = Configuration.idleStrategySetting(
        Configuration.IDLE_STRATEGY_PROP_NAME, Configuration.IDLE_STRATEGY_DEFAULT);
    private Aeron aeron;
    private ResponseListener responseListener;
    private QueryListener queryListener;

    /**
     * Validates and fills defaults.
     *
     * @return this.
     */
    public ClientContext conclude()
    {
        if (aeron == null && aeronDirectoryName == null)
        {
            // Where `sequent server` puts its embedded driver when aeron.dir is not set, so both agree unset.
            aeronDirectoryName = DefaultAeronDirectory.forClient();
        }
        if (!ingressChannel.startsWith("aeron:") || !egressChannel.startsWith("aeron:"))
        {
            throw new IllegalStateException("channels must be Aeron URIs: " + ingressChannel + ", " +
                egressChannel);
        }
        if (clientId == ClientConfiguration.CLIENT_ID_DEFAULT || secret == null || secret.length == 0)
        {
            throw new IllegalStateException("a client id and its secret are required (clientId, secretHex, or " +
                ClientConfiguration.CLIENT_ID_PROP_NAME + " and " + ClientConfiguration.CLIENT_SECRET_PROP_NAME +
                "): the server's credentials file has them");
        }
        if (inFlightWindow < 1 || maxCommandLength < 1)
        {
            throw new IllegalStateException("the in-flight window and the largest command must be positive: " +
                inFlightWindow + ", " + maxCommandLength);
        }
        if (keepaliveInterval.isNegative() || keepaliveInterval.isZero() ||
            livenessTimeout.compareTo(keepaliveInterval) <= 0)
        {
            throw new IllegalStateException("the keepalive interval must be positive and shorter than the " +
                "liveness timeout: " + keepaliveInterval + ", " + livenessTimeout);
        }
        return this;
    }

    /**
     * @param channel where the server listens (property {@code sequent.ingress.channel}).
     * @return this.
     */
    public ClientContext ingressChannel(final String channel)
    {
        this.ingressChannel = channel;
        return this;
    }

    /**
     * @return where the server listens.
     */
    public String ingressChannel()
    {
        return ingressChannel;
    }

    /**
     * @param streamId of the server's ingress (property {@code sequent.ingress.stream}, default 10).
     * @return this.
     */
    public ClientContext ingressStreamId(final int streamId)
    {
        this.ingressStreamId = streamId;
        return this;
    }

    /**
     * @return stream id of the server's ingress.
     */
    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    /**
     * @param channel where this client receives responses (property {@code sequent.egress.channel}, default
     *                {@code aeron:udp?endpoint=localhost:0}: the OS picks a free port).
     * @return this.
     */
    public ClientContext egressChannel(final String channel)
    {
        this.egressChannel = channel;
        return this;
    }

    /**
     * @return where this client receives responses.
     */
    public String egressChannel()
    {
        return egressChannel;
    }

    /**
     * @param streamId of the egress (property {@code sequent.egress.stream}, default 20).
     * @return this.
     */
    public ClientContext egressStreamId(final int streamId)
    {
        this.egressStreamId = streamId;
        return this;
    }

    /**
     * @return stream id of the egress.
     */
    public int egressStreamId()
    {
        return egressStreamId;
    }

    /**
     * @param dir directory of the media driver to use (property {@code aeron.dir}; default: where
     *            {@code sequent server} puts its embedded driver, {@code /dev/shm/sequent-USER} or
     *            {@code TMPDIR/sequent-USER}).
     * @return this.
     */
    public ClientContext aeronDirectoryName(final String dir)
    {
        this.aeronDirectoryName = dir;
        return this;
    }

    /**
     * @return directory of the media driver to use.
     */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param id this client's id, as in the server's credentials file (property {@code sequent.client.id}); the
     *           server de-duplicates commands by (client id, correlation id), across sessions and restarts.
     * @return this.
     */
    public ClientContext clientId(final long id)
    {
        this.clientId = id;
        return this;
    }

    /**
     * @return this client's id.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * @param secret this client's secret, as in the server's credentials file; it never leaves the process.
     * @return this.
     */
    public ClientContext secret(final byte[] secret)
    {
        this.secret = secret.clone();
        return this;
    }

    /**
     * @param hex this client's secret in hex, as in the server's credentials file (property
     *            {@code sequent.client.secret}).
     * @return this.
     */
    public ClientContext secretHex(final String hex)
    {
        this.secret = HexFormat.of().parseHex(hex);
        return this;
    }

    /**
     * @return this client's secret.
     */
    public byte[] secret()
    {
        return secret;
    }

    /**
     * @param commands how many commands may be unanswered at once (property {@code sequent.client.window},
     *                 default 2048); {@link SequentClient#offer} pushes back beyond. Keep it below the server's
     *                 de-duplication window per client, or a command re-sent after a crash may be applied twice.
     * @return this.
     */
    public ClientContext inFlightWindow(final int commands)
    {
        this.inFlightWindow = commands;
        return this;
    }

    /**
     * @return how many commands may be unanswered at once.
     */
    public int inFlightWindow()
    {
        return inFlightWindow;
    }

    /**
     * @param length the largest command sent, in bytes (property {@code sequent.command.max.length}, default
     *               1024, the server's default); each slot of the in-flight window holds one that large.
     * @return this.
     */
    public ClientContext maxCommandLength(final int length)
    {
        this.maxCommandLength = length;
        return this;
    }

    /**
     * @return the largest command sent, in bytes.
     */
    public int maxCommandLength()
    {
        return maxCommandLength;
    }

    /**
     * @param interval how often an idle client sends a keepalive (property {@code sequent.client.keepalive.ms},
     *                 default 1 s); keep it well under the server's session timeout.
     * @return this.
     */
    public ClientContext keepaliveInterval(final Duration interval)
    {
        this.keepaliveInterval = interval;
        return this;
    }

    /**
     * @return how often an idle client sends a keepalive.
     */
    public Duration keepaliveInterval()
    {
        return keepaliveInterval;
    }

    /**
     * @param timeout how long the server may be silent (keepalives are echoed) before the connection counts as
     *                lost (property {@code sequent.client.liveness.ms}, default 5 s).
     * @return this.
     */
    public ClientContext livenessTimeout(final Duration timeout)
    {
        this.livenessTimeout = timeout;
        return this;
    }

    /**
     * @return how long the server may be silent.
     */
    public Duration livenessTimeout()
    {
        return livenessTimeout;
    }

    /**
     * @param min first wait before reconnecting, doubled after each failed attempt (default 100 ms).
     * @param max longest wait (default 2 s).
     * @return this.
     */
    public ClientContext reconnectBackoff(final Duration min, final Duration max)
    {
        this.reconnectBackoffMin = min;
        this.reconnectBackoffMax = max;
        return this;
    }

    /**
     * @return first wait before reconnecting.
     */
    public Duration reconnectBackoffMin()
    {
        return reconnectBackoffMin;
    }

    /**
     * @return longest wait before reconnecting.
     */
    public Duration reconnectBackoffMax()
    {
        return reconnectBackoffMax;
    }

    /**
     * @param reconnect whether a lost connection is reopened by {@link SequentClient#poll()} (default true);
     *                  when false the client closes instead.
     * @return this.
     */
    public ClientContext reconnect(final boolean reconnect)
    {
        this.reconnect = reconnect;
        return this;
    }

    /**
     * @return whether a lost connection is reopened.
     */
    public boolean reconnect()
    {
        return reconnect;
    }

    /**
     * @param aeron an Aeron client to share; the client then does not close it.
     * @return this.
     */
    public ClientContext aeron(final Aeron aeron)
    {
        this.aeron = aeron;
        return this;
    }

    /**
     * @return the shared Aeron client, or null.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @param listener receives outcomes of commands sent with {@link SequentClient#offer}.
     * @return this.
     */
    public ClientContext responseListener(final ResponseListener listener)
    {
        this.responseListener = listener;
        return this;
    }

    /**
     * @return receives outcomes.
     */
    public ResponseListener responseListener()
    {
        return responseListener;
    }

    /**
     * @param listener receives answers to queries sent with {@link SequentClient#offerQuery}.
     * @return this.
     */
    public ClientContext queryListener(final QueryListener listener)
    {
        this.queryListener = listener;
        return this;
    }

    /**
     * @return receives answers to queries.
     */
    public QueryListener queryListener()
    {
        return queryListener;
    }

    /**
     * @param timeout how long {@link SequentClient#connect} waits for a session, and each reconnect attempt
     *                (default 10 s).
     * @return this.
     */
    public ClientContext connectTimeout(final Duration timeout)
    {
        this.connectTimeout = timeout;
        return this;
    }

    /**
     * @return how long connect waits.
     */
    public Duration connectTimeout()
    {
        return connectTimeout;
    }

    /**
     * @param strategy how the blocking calls ({@link SequentClient#connect}, {@link SequentClient#send},
     *                 {@link SequentClient#query}) wait between polls (property {@code sequent.idle.strategy}:
     *                 backoff, the default, yielding, sleeping or busy-spin).
     * @return this.
     */
    public ClientContext idleStrategy(final IdleStrategy strategy)
    {
        this.idleStrategy = strategy;
        return this;
    }

    /**
     * @return how the blocking calls wait between polls.
     */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    private static byte[] secretSetting()
    {
        final String name = ClientConfiguration.CLIENT_SECRET_PROP_NAME;
        final String hex = Settings.string(name, null);
        try
        {
            return hex != null ? HexFormat.of().parseHex(hex) : null;
        }
        catch (final IllegalArgumentException ex)
        {
            // The value is a secret: named by its source, never echoed.
            throw new IllegalArgumentException("setting " + name + " (" + Settings.source(name) + ") must be hex");
        }
    }
}
