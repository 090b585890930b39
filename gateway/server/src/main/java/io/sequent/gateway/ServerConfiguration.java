package io.sequent.gateway;

import io.sequent.codecs.config.Configuration;

/**
 * The server's settings, each a property name and its default, as Aeron's {@code Configuration} classes have them.
 * {@link SequentServer.Context} reads them through {@link io.sequent.codecs.config.Settings} (code, then system
 * property, environment, config file, default); those a client shares come from {@link Configuration}.
 */
public final class ServerConfiguration
{
    /** Aeron URI the ingress subscribes to; port 0 lets the OS choose, {@code aeron:ipc} serves local clients. */
    public static final String INGRESS_CHANNEL_PROP_NAME = Configuration.INGRESS_CHANNEL_PROP_NAME;
    /** Default of {@link #INGRESS_CHANNEL_PROP_NAME}. */
    public static final String INGRESS_CHANNEL_DEFAULT = Configuration.INGRESS_CHANNEL_DEFAULT;

    /** Stream id of the ingress. */
    public static final String INGRESS_STREAM_ID_PROP_NAME = Configuration.INGRESS_STREAM_ID_PROP_NAME;
    /** Default of {@link #INGRESS_STREAM_ID_PROP_NAME}. */
    public static final int INGRESS_STREAM_ID_DEFAULT = Configuration.INGRESS_STREAM_ID_DEFAULT;

    /** Directory of the media driver; with the embedded driver, unset picks a unique one. */
    public static final String AERON_DIR_PROP_NAME = Configuration.AERON_DIR_PROP_NAME;

    /** Whether to run a media driver in the server's process. */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "sequent.embedded.driver";
    /** Default of {@link #EMBEDDED_DRIVER_PROP_NAME}: one process to start, nothing else to run. */
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;

    /** Sessions open at once; each client has at most one. */
    public static final String SESSIONS_MAX_PROP_NAME = "sequent.sessions.max";
    /** Default of {@link #SESSIONS_MAX_PROP_NAME}. */
    public static final int SESSIONS_MAX_DEFAULT = 64;

    /** How long an open session may stay silent before it is closed, in milliseconds. */
    public static final String SESSION_TIMEOUT_MS_PROP_NAME = "sequent.session.timeout.ms";
    /** Default of {@link #SESSION_TIMEOUT_MS_PROP_NAME}: ten keepalive intervals of the client's default. */
    public static final long SESSION_TIMEOUT_MS_DEFAULT = 10_000;

    /** How long a client has from its connect to a proven credential, in milliseconds. */
    public static final String HANDSHAKE_TIMEOUT_MS_PROP_NAME = "sequent.handshake.timeout.ms";
    /** Default of {@link #HANDSHAKE_TIMEOUT_MS_PROP_NAME}. */
    public static final long HANDSHAKE_TIMEOUT_MS_DEFAULT = 5_000;

    /** Subscriptions to the event stream open at once, over all sessions. */
    public static final String SUBSCRIPTIONS_MAX_PROP_NAME = "sequent.subscriptions.max";
    /** Default of {@link #SUBSCRIPTIONS_MAX_PROP_NAME}. */
    public static final int SUBSCRIPTIONS_MAX_DEFAULT = 64;

    /** Subscriptions one session may hold. */
    public static final String SUBSCRIPTIONS_PER_SESSION_PROP_NAME = "sequent.subscriptions.per.session";
    /** Default of {@link #SUBSCRIPTIONS_PER_SESSION_PROP_NAME}. */
    public static final int SUBSCRIPTIONS_PER_SESSION_DEFAULT = 8;

    /** How long a subscriber may take no event before it is dropped, in milliseconds. */
    public static final String SUBSCRIPTION_SLOW_MS_PROP_NAME = "sequent.subscription.slow.ms";
    /** Default of {@link #SUBSCRIPTION_SLOW_MS_PROP_NAME}. */
    public static final long SUBSCRIPTION_SLOW_MS_DEFAULT = 5_000;

    /** Credentials file, lines {@code clientId=hex secret}, readable by its owner only; no default. */
    public static final String AUTH_FILE_PROP_NAME = "sequent.auth.file";
    /** Where {@code sequent server} looks for the credentials without the setting: this file in the data directory. */
    public static final String AUTH_FILE_DEFAULT_NAME = "credentials";

    /** Idle strategy of the gateway agent's thread: backoff, yielding, sleeping or busy-spin. */
    public static final String IDLE_STRATEGY_PROP_NAME = Configuration.IDLE_STRATEGY_PROP_NAME;
    /** Default of {@link #IDLE_STRATEGY_PROP_NAME}. */
    public static final String IDLE_STRATEGY_DEFAULT = Configuration.IDLE_STRATEGY_DEFAULT;

    private ServerConfiguration()
    {
    }
}
