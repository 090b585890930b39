package io.sequent.cli.config;

/**
 * The names and defaults of the settings only the server has, as {@code SequentServer.Context} reads them. They
 * belong with the server (a {@code ServerConfiguration} beside {@code EngineConfiguration}); until it has one, the
 * command line names them here, once, and reads them through {@link io.sequent.codecs.config.Settings} itself so
 * that environment variables and the config file set them too.
 */
public final class ServerSettingNames
{
    /** Whether the server runs a media driver in its own process. */
    public static final String EMBEDDED_DRIVER = "sequent.embedded.driver";
    /** Default of {@link #EMBEDDED_DRIVER}. */
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;

    /** The credentials file. */
    public static final String AUTH_FILE = "sequent.auth.file";
    /** Default of {@link #AUTH_FILE}: this file in the data directory. */
    public static final String AUTH_FILE_DEFAULT_NAME = "credentials";

    /** Sessions open at once. */
    public static final String SESSIONS_MAX = "sequent.sessions.max";
    /** Default of {@link #SESSIONS_MAX}. */
    public static final int SESSIONS_MAX_DEFAULT = 64;

    /** How long an open session may stay silent, in milliseconds. */
    public static final String SESSION_TIMEOUT_MS = "sequent.session.timeout.ms";
    /** Default of {@link #SESSION_TIMEOUT_MS}. */
    public static final long SESSION_TIMEOUT_MS_DEFAULT = 10_000;

    /** How long a handshake may take, in milliseconds. */
    public static final String HANDSHAKE_TIMEOUT_MS = "sequent.handshake.timeout.ms";
    /** Default of {@link #HANDSHAKE_TIMEOUT_MS}. */
    public static final long HANDSHAKE_TIMEOUT_MS_DEFAULT = 5_000;

    private ServerSettingNames()
    {
    }
}
