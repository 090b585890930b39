package io.sequent.client;

import io.sequent.codecs.config.Configuration;

/**
 * The settings only a client has, each a property name and its default, as Aeron's {@code Configuration} classes
 * have them; {@link ClientContext} reads them through {@link io.sequent.codecs.config.Settings}, so a system
 * property, an environment variable or the configuration file can set each one. The settings a client shares with
 * the server (channels, stream ids, {@code aeron.dir}, the largest command, the idle strategy) are in
 * {@link Configuration}.
 */
public final class ClientConfiguration
{
    /** This client's id, as in the server's credentials file. */
    public static final String CLIENT_ID_PROP_NAME = "sequent.client.id";
    /** Default of {@link #CLIENT_ID_PROP_NAME}: none; {@link ClientContext#conclude()} asks for one. */
    public static final long CLIENT_ID_DEFAULT = Long.MIN_VALUE;

    /** This client's secret in hex, as in the server's credentials file; it has no default. */
    public static final String CLIENT_SECRET_PROP_NAME = "sequent.client.secret";

    /** How many commands may be unanswered at once. */
    public static final String IN_FLIGHT_WINDOW_PROP_NAME = "sequent.client.window";
    /** Default of {@link #IN_FLIGHT_WINDOW_PROP_NAME}. */
    public static final int IN_FLIGHT_WINDOW_DEFAULT = 2048;

    /** How often an idle client sends a keepalive, in milliseconds. */
    public static final String KEEPALIVE_INTERVAL_PROP_NAME = "sequent.client.keepalive.ms";
    /** Default of {@link #KEEPALIVE_INTERVAL_PROP_NAME}: one second. */
    public static final long KEEPALIVE_INTERVAL_DEFAULT_MS = 1_000;

    /** How long the server may be silent before the connection counts as lost, in milliseconds. */
    public static final String LIVENESS_TIMEOUT_PROP_NAME = "sequent.client.liveness.ms";
    /** Default of {@link #LIVENESS_TIMEOUT_PROP_NAME}: five seconds. */
    public static final long LIVENESS_TIMEOUT_DEFAULT_MS = 5_000;

    /** Default first wait before reconnecting, in milliseconds; set in code only. */
    public static final long RECONNECT_BACKOFF_MIN_DEFAULT_MS = 100;
    /** Default longest wait before reconnecting, in milliseconds; set in code only. */
    public static final long RECONNECT_BACKOFF_MAX_DEFAULT_MS = 2_000;
    /** Default wait for a session, on connect and on each reconnect attempt, in milliseconds; set in code only. */
    public static final long CONNECT_TIMEOUT_DEFAULT_MS = 10_000;

    private ClientConfiguration()
    {
    }
}
