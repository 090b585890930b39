package io.sequent.cli.config;

import io.sequent.codecs.config.Configuration;
import io.sequent.codecs.config.Settings;
import io.sequent.engine.EngineConfiguration;
import io.sequent.gateway.SequentServer;
import io.sequent.http.HttpConfiguration;

import java.util.Locale;
import java.util.function.Function;
import io.sequent.gateway.ServerConfiguration;

/**
 * Every setting {@code sequent server} reads, in the order its start-up banner and README's settings table list
 * them: the property name (the environment variable follows from it, {@link Settings#environmentName}), the flag
 * that sets it when there is one, the default as an operator reads it, and how to read the value the server
 * actually runs with off its concluded context.
 * <p>
 * The names and defaults of the engine's and the shared settings come from {@link EngineConfiguration} and
 * {@link Configuration}; those only the server has are named here until the server has a configuration class.
 */
public enum ServerSetting
{
    /** The properties file of settings, the lowest-ranked source before the defaults. */
    CONFIG_FILE(Settings.CONFIG_FILE_PROP_NAME, "--config", "none",
        "a properties file of settings, ranked below system properties and environment variables",
        ctx -> Settings.string(Settings.CONFIG_FILE_PROP_NAME, null)),
    /** Data directory. */
    DIR(EngineConfiguration.DIR_PROP_NAME, "--dir", EngineConfiguration.DIR_DEFAULT,
        "data directory: journal, snapshots, projections, credentials",
        ctx -> ctx.engine().dataDir().toString()),
    /** Where the server listens. */
    INGRESS_CHANNEL(Configuration.INGRESS_CHANNEL_PROP_NAME, "--ingress", Configuration.INGRESS_CHANNEL_DEFAULT,
        "Aeron channel the server listens on (port 0: the OS chooses; `aeron:ipc` for clients on its driver)",
        SequentServer.Context::ingressChannel),
    /** Stream id of the ingress. */
    INGRESS_STREAM(Configuration.INGRESS_STREAM_ID_PROP_NAME, null,
        Integer.toString(Configuration.INGRESS_STREAM_ID_DEFAULT), "stream id of the ingress",
        ctx -> Integer.toString(ctx.ingressStreamId())),
    /** The media driver's directory. */
    AERON_DIR(Configuration.AERON_DIR_PROP_NAME, "--aeron-dir", "/dev/shm/sequent-USER",
        "media driver directory, where clients and `sequent stat` look by default (TMPDIR/sequent-USER when " +
        "/dev/shm has less than 256 MiB free); a running driver's directory is never taken over",
        SequentServer.Context::aeronDirectoryName),
    /** Whether the server runs its own media driver. */
    EMBEDDED_DRIVER(ServerConfiguration.EMBEDDED_DRIVER_PROP_NAME, null,
        Boolean.toString(ServerConfiguration.EMBEDDED_DRIVER_DEFAULT),
        "run a media driver in the server's process (false: use the one in aeron.dir)",
        ctx -> Boolean.toString(ctx.embeddedDriver())),
    /** Client credentials. */
    AUTH_FILE(ServerConfiguration.AUTH_FILE_PROP_NAME, "--auth-file", "DIR/credentials",
        "client credentials, lines `clientId=hex secret`, owner-only (`sequent credentials add`)",
        ctx -> ctx.authFile() == null ? null : ctx.authFile().toString()),
    /** Sessions open at once. */
    SESSIONS_MAX(ServerConfiguration.SESSIONS_MAX_PROP_NAME, null,
        Integer.toString(ServerConfiguration.SESSIONS_MAX_DEFAULT),
        "sessions open at once (one per client id; a client's new session replaces its old)",
        ctx -> Integer.toString(ctx.maxSessions())),
    /** Session silence timeout. */
    SESSION_TIMEOUT_MS(ServerConfiguration.SESSION_TIMEOUT_MS_PROP_NAME, null,
        Long.toString(ServerConfiguration.SESSION_TIMEOUT_MS_DEFAULT),
        "an open session silent this long is closed (`SESSION_TIMEOUT`)",
        ctx -> Long.toString(ctx.sessionTimeoutMs())),
    /** Handshake timeout. */
    HANDSHAKE_TIMEOUT_MS(ServerConfiguration.HANDSHAKE_TIMEOUT_MS_PROP_NAME, null,
        Long.toString(ServerConfiguration.HANDSHAKE_TIMEOUT_MS_DEFAULT),
        "time from connect to a proven credential (`HANDSHAKE_TIMEOUT`)",
        ctx -> Long.toString(ctx.handshakeTimeoutMs())),
    /** The gateway's idle strategy. */
    IDLE_STRATEGY(Configuration.IDLE_STRATEGY_PROP_NAME, null, Configuration.IDLE_STRATEGY_DEFAULT,
        "idle strategy of the gateway (and of a client while it waits): backoff, yielding, sleeping, busy-spin, noop",
        SequentServer.Context::idleStrategy),
    /** How the engine's stages share threads. */
    THREADING_MODE(EngineConfiguration.THREADING_MODE_PROP_NAME, null, "shared on up to 2 cores, else dedicated",
        "how the engine's stages share threads: dedicated, shared or invoker",
        ctx -> lower(ctx.engine().threadingMode())),
    /** Sequencer idle strategy. */
    SEQUENCER_IDLE_STRATEGY(EngineConfiguration.SEQUENCER_IDLE_STRATEGY_PROP_NAME, null,
        EngineConfiguration.IDLE_STRATEGY_DEFAULT, "idle strategy of the sequencer's thread (dedicated mode)",
        ctx -> idleName(EngineConfiguration.SEQUENCER_IDLE_STRATEGY_PROP_NAME)),
    /** Journaler idle strategy. */
    JOURNALER_IDLE_STRATEGY(EngineConfiguration.JOURNALER_IDLE_STRATEGY_PROP_NAME, null,
        EngineConfiguration.IDLE_STRATEGY_DEFAULT, "idle strategy of the journaler's thread (dedicated mode)",
        ctx -> idleName(EngineConfiguration.JOURNALER_IDLE_STRATEGY_PROP_NAME)),
    /** Read side idle strategy. */
    READ_SIDE_IDLE_STRATEGY(EngineConfiguration.READ_SIDE_IDLE_STRATEGY_PROP_NAME, null,
        EngineConfiguration.IDLE_STRATEGY_DEFAULT, "idle strategy of the read side's thread (dedicated mode)",
        ctx -> idleName(EngineConfiguration.READ_SIDE_IDLE_STRATEGY_PROP_NAME)),
    /** Shared-mode idle strategy. */
    SHARED_IDLE_STRATEGY(EngineConfiguration.SHARED_IDLE_STRATEGY_PROP_NAME, null,
        EngineConfiguration.IDLE_STRATEGY_DEFAULT, "idle strategy of the one engine thread (shared mode)",
        ctx -> idleName(EngineConfiguration.SHARED_IDLE_STRATEGY_PROP_NAME)),
    /** Command ring slots. */
    COMMAND_RING_SIZE(EngineConfiguration.COMMAND_RING_SIZE_PROP_NAME, null,
        Integer.toString(EngineConfiguration.COMMAND_RING_SIZE_DEFAULT), "slots of the command ring (a power of two)",
        ctx -> Integer.toString(ctx.engine().commandRingSize())),
    /** Event ring slots. */
    EVENT_RING_SIZE(EngineConfiguration.EVENT_RING_SIZE_PROP_NAME, null,
        Integer.toString(EngineConfiguration.EVENT_RING_SIZE_DEFAULT), "slots of the event ring (a power of two)",
        ctx -> Integer.toString(ctx.engine().eventRingSize())),
    /** Largest command. */
    COMMAND_MAX_LENGTH(EngineConfiguration.COMMAND_MAX_LENGTH_PROP_NAME, null,
        Integer.toString(EngineConfiguration.COMMAND_MAX_LENGTH_DEFAULT),
        "largest command in bytes; larger ones are rejected `MESSAGE_TOO_LARGE` (clients check it too)",
        ctx -> Integer.toString(ctx.engine().commandSlotCapacity())),
    /** Event slot bytes. */
    EVENT_SLOT_CAPACITY(EngineConfiguration.EVENT_SLOT_CAPACITY_PROP_NAME, null,
        Integer.toString(EngineConfiguration.EVENT_SLOT_CAPACITY_DEFAULT),
        "bytes of events one event ring slot holds",
        ctx -> Integer.toString(ctx.engine().eventSlotCapacity())),
    /** Event slots per command. */
    COMMAND_MAX_SLOTS(EngineConfiguration.COMMAND_MAX_SLOTS_PROP_NAME, null,
        Integer.toString(EngineConfiguration.COMMAND_MAX_SLOTS_DEFAULT),
        "event slots one command's events may take; a command that needs more is rejected whole",
        ctx -> Integer.toString(ctx.engine().maxSlotsPerCommand())),
    /** Journal segment length. */
    JOURNAL_SEGMENT_LENGTH(EngineConfiguration.JOURNAL_SEGMENT_LENGTH_PROP_NAME, null,
        Long.toString(EngineConfiguration.JOURNAL_SEGMENT_LENGTH_DEFAULT),
        "bytes of each preallocated journal segment (a multiple of 8, 4 KiB to below 2 GiB)",
        ctx -> Long.toString(ctx.engine().journalSegmentLength())),
    /** Journal durability. */
    JOURNAL_DURABILITY(EngineConfiguration.JOURNAL_DURABILITY_PROP_NAME, "--durability",
        EngineConfiguration.JOURNAL_DURABILITY_DEFAULT,
        "when a command is acknowledged: `none`: its events are in the mapped segment (survives a process " +
        "crash); `batch`: forced to the device after each journaler batch (group commit); `interval`: forced by " +
        "a sync thread at most every sequent.journal.sync.interval.ms",
        ctx -> lower(ctx.engine().durability())),
    /** Sync interval. */
    JOURNAL_SYNC_INTERVAL_MS(EngineConfiguration.JOURNAL_SYNC_INTERVAL_MS_PROP_NAME, null,
        Long.toString(EngineConfiguration.JOURNAL_SYNC_INTERVAL_MS_DEFAULT),
        "least time between two forces with `interval`",
        ctx -> Long.toString(ctx.engine().syncIntervalMs())),
    /** Journal retention. */
    JOURNAL_RETENTION(EngineConfiguration.JOURNAL_RETENTION_PROP_NAME, null,
        EngineConfiguration.JOURNAL_RETENTION_DEFAULT,
        "after each snapshot, the sealed segments it covers: `keep`, `archive` (LZ4 into journal/archive/), " +
        "`delete` (also waits for every projection)",
        ctx -> lower(ctx.engine().retention())),
    /** Snapshot cadence by events. */
    SNAPSHOT_EVERY_EVENTS(EngineConfiguration.SNAPSHOT_EVERY_EVENTS_PROP_NAME, null,
        Long.toString(EngineConfiguration.SNAPSHOT_EVERY_EVENTS_DEFAULT),
        "a snapshot after this many journal entries (0: none)",
        ctx -> Long.toString(ctx.engine().snapshotEveryEvents())),
    /** Snapshot cadence by time. */
    SNAPSHOT_INTERVAL_MS(EngineConfiguration.SNAPSHOT_INTERVAL_MS_PROP_NAME, null,
        Long.toString(EngineConfiguration.SNAPSHOT_INTERVAL_MS_DEFAULT),
        "also a snapshot when this long has passed since the last one and events arrived (0: no timer)",
        ctx -> Long.toString(ctx.engine().snapshotIntervalMs())),
    /** Snapshots kept. */
    SNAPSHOTS_KEPT(EngineConfiguration.SNAPSHOTS_KEPT_PROP_NAME, null,
        Integer.toString(EngineConfiguration.SNAPSHOTS_KEPT_DEFAULT), "how many of the newest snapshots are kept",
        ctx -> Integer.toString(ctx.engine().snapshotsKept())),
    /** Dedup window. */
    DEDUP_WINDOW(EngineConfiguration.DEDUP_WINDOW_PROP_NAME, null,
        Integer.toString(EngineConfiguration.DEDUP_WINDOW_DEFAULT),
        "outcomes kept per client to answer re-sent commands; must exceed what a client keeps in flight, and " +
        "stay the same for a data directory",
        ctx -> Integer.toString(ctx.engine().dedupWindow())),
    /** The HTTP face's port. */
    HTTP_PORT(HttpConfiguration.PORT_PROP_NAME, "--http", "off",
        "port of the HTTP face (health, metrics, queries, signed commands, dashboard); 0: the OS chooses; unset: off",
        ctx -> Settings.string(HttpConfiguration.PORT_PROP_NAME, "off")),
    /** The HTTP face's address. */
    HTTP_HOST(HttpConfiguration.HOST_PROP_NAME, null, HttpConfiguration.HOST_DEFAULT,
        "address the HTTP face binds (0.0.0.0: every interface)",
        ctx -> Settings.string(HttpConfiguration.HOST_PROP_NAME, HttpConfiguration.HOST_DEFAULT)),
    /** Largest HTTP body. */
    HTTP_MAX_BODY_BYTES(HttpConfiguration.MAX_BODY_BYTES_PROP_NAME, null,
        Integer.toString(HttpConfiguration.MAX_BODY_BYTES_DEFAULT), "largest HTTP request body; larger: 413",
        ctx -> Settings.string(HttpConfiguration.MAX_BODY_BYTES_PROP_NAME,
            Integer.toString(HttpConfiguration.MAX_BODY_BYTES_DEFAULT))),
    /** Longest read-your-writes wait. */
    HTTP_WAIT_MAX_MS(HttpConfiguration.WAIT_MAX_MS_PROP_NAME, null,
        Long.toString(HttpConfiguration.WAIT_MAX_MS_DEFAULT),
        "longest an HTTP read waits for `?atLeast=SEQ`; then 503 `NOT_YET`",
        ctx -> Settings.string(HttpConfiguration.WAIT_MAX_MS_PROP_NAME,
            Long.toString(HttpConfiguration.WAIT_MAX_MS_DEFAULT))),
    /** Longest wait for an HTTP command's outcome. */
    HTTP_COMMAND_TIMEOUT_MS(HttpConfiguration.COMMAND_TIMEOUT_MS_PROP_NAME, null,
        Long.toString(HttpConfiguration.COMMAND_TIMEOUT_MS_DEFAULT),
        "longest an HTTP command waits for its outcome; then 503 (re-send, same correlation id)",
        ctx -> Settings.string(HttpConfiguration.COMMAND_TIMEOUT_MS_PROP_NAME,
            Long.toString(HttpConfiguration.COMMAND_TIMEOUT_MS_DEFAULT))),
    /** Signature clock skew. */
    HTTP_SIGNATURE_SKEW_MS(HttpConfiguration.SIGNATURE_SKEW_MS_PROP_NAME, null,
        Long.toString(HttpConfiguration.SIGNATURE_SKEW_MS_DEFAULT),
        "how far a signed HTTP request's timestamp may be from the server's clock (and how long signatures are " +
        "remembered against replay)",
        ctx -> Settings.string(HttpConfiguration.SIGNATURE_SKEW_MS_PROP_NAME,
            Long.toString(HttpConfiguration.SIGNATURE_SKEW_MS_DEFAULT))),
    /** Readiness lag bound. */
    HTTP_READY_MAX_LAG(HttpConfiguration.READY_MAX_LAG_PROP_NAME, null,
        Long.toString(HttpConfiguration.READY_MAX_LAG_DEFAULT),
        "projection lag (journal entries) above which `/ready` answers 503",
        ctx -> Settings.string(HttpConfiguration.READY_MAX_LAG_PROP_NAME,
            Long.toString(HttpConfiguration.READY_MAX_LAG_DEFAULT))),
    /** HTTP worker threads. */
    HTTP_WORKER_THREADS(HttpConfiguration.WORKER_THREADS_PROP_NAME, null,
        Integer.toString(HttpConfiguration.WORKER_THREADS_DEFAULT), "threads serving HTTP requests",
        ctx -> Settings.string(HttpConfiguration.WORKER_THREADS_PROP_NAME,
            Integer.toString(HttpConfiguration.WORKER_THREADS_DEFAULT)));

    private final String propertyName;
    private final String flag;
    private final String defaultText;
    private final String meaning;
    private final Function<SequentServer.Context, String> effective;

    ServerSetting(
        final String propertyName,
        final String flag,
        final String defaultText,
        final String meaning,
        final Function<SequentServer.Context, String> effective)
    {
        this.propertyName = propertyName;
        this.flag = flag;
        this.defaultText = defaultText;
        this.meaning = meaning;
        this.effective = effective;
    }

    /**
     * @return the system property (and config file key) that sets it.
     */
    public String propertyName()
    {
        return propertyName;
    }

    /**
     * @return the environment variable that sets it.
     */
    public String environmentName()
    {
        return Settings.environmentName(propertyName);
    }

    /**
     * @return the {@code sequent server} flag that sets it, or null when only the other sources do.
     */
    public String flag()
    {
        return flag;
    }

    /**
     * @return the default, as README and the help give it.
     */
    public String defaultText()
    {
        return defaultText;
    }

    /**
     * @return what it sets, for README's table.
     */
    public String meaning()
    {
        return meaning;
    }

    /**
     * @param ctx a server context whose engine context is concluded.
     * @return the value the server runs with, as the setting would be written (null: none).
     */
    public String effectiveValue(final SequentServer.Context ctx)
    {
        return effective.apply(ctx);
    }

    private static String lower(final Enum<?> value)
    {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static String idleName(final String propertyName)
    {
        // The engine keeps the strategy, not its name; it made it from exactly this setting (the CLI sets none in
        // code).
        return Settings.string(propertyName, EngineConfiguration.IDLE_STRATEGY_DEFAULT);
    }
}
