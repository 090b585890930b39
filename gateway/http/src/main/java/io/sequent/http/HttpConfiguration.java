package io.sequent.http;

/**
 * The HTTP face's settings: each name (a system property, its environment variable, or a config file key, through
 * {@code Settings}) with its default. Off unless a port is given.
 */
public final class HttpConfiguration
{
    /** Port the HTTP face listens on; unset: no HTTP face. 0 lets the OS choose. */
    public static final String PORT_PROP_NAME = "sequent.http.port";
    /** Address the HTTP face binds. */
    public static final String HOST_PROP_NAME = "sequent.http.host";
    /** Default bind address: this machine only; put a proxy in front to serve others. */
    public static final String HOST_DEFAULT = "127.0.0.1";
    /** Largest request body taken, in bytes; larger ones are answered 413. */
    public static final String MAX_BODY_BYTES_PROP_NAME = "sequent.http.max.body.bytes";
    /** Default largest body: far above any command of the reference exchange. */
    public static final int MAX_BODY_BYTES_DEFAULT = 16 * 1024;
    /** Longest a read waits for {@code ?atLeast=SEQ} (read-your-writes), in milliseconds. */
    public static final String WAIT_MAX_MS_PROP_NAME = "sequent.http.wait.max.ms";
    /** Default longest wait. */
    public static final long WAIT_MAX_MS_DEFAULT = 5_000;
    /** Longest a command waits for its outcome before the answer says to re-send it, in milliseconds. */
    public static final String COMMAND_TIMEOUT_MS_PROP_NAME = "sequent.http.command.timeout.ms";
    /** Default command timeout. */
    public static final long COMMAND_TIMEOUT_MS_DEFAULT = 10_000;
    /** How far a signed request's timestamp may be from the server's clock, in milliseconds. */
    public static final String SIGNATURE_SKEW_MS_PROP_NAME = "sequent.http.signature.skew.ms";
    /** Default skew: signatures older (or newer) than this are stale. */
    public static final long SIGNATURE_SKEW_MS_DEFAULT = 30_000;
    /** Projection lag, in journal entries, above which {@code /ready} answers 503. */
    public static final String READY_MAX_LAG_PROP_NAME = "sequent.http.ready.max.lag";
    /** Default lag bound. */
    public static final long READY_MAX_LAG_DEFAULT = 10_000;
    /** Worker threads serving requests (queries and commands block a worker while they wait). */
    public static final String WORKER_THREADS_PROP_NAME = "sequent.http.worker.threads";
    /** Default workers: few, on a small machine beside the engine. */
    public static final int WORKER_THREADS_DEFAULT = 4;

    private HttpConfiguration()
    {
    }
}
