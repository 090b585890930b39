package io.sequent.engine;

import io.sequent.codecs.config.Configuration;
import io.sequent.engine.ledger.ClientLedger;

/**
 * The engine's settings: each a property name and its default, read through
 * {@link io.sequent.codecs.config.Settings} (code, then system property, environment, config file, default).
 */
public final class EngineConfiguration
{
    /** Data directory: journal, snapshots, projections. */
    public static final String DIR_PROP_NAME = "sequent.dir";
    /** Default of {@link #DIR_PROP_NAME}. */
    public static final String DIR_DEFAULT = "data";

    /** Slots of the command ring, a power of two. */
    public static final String COMMAND_RING_SIZE_PROP_NAME = "sequent.command.ring.size";
    /** Default of {@link #COMMAND_RING_SIZE_PROP_NAME}. */
    public static final int COMMAND_RING_SIZE_DEFAULT = 4096;

    /** Slots of the event ring, a power of two, at least four times the slots one command may take. */
    public static final String EVENT_RING_SIZE_PROP_NAME = "sequent.event.ring.size";
    /** Default of {@link #EVENT_RING_SIZE_PROP_NAME}. */
    public static final int EVENT_RING_SIZE_DEFAULT = 4096;

    /** The largest command: shared with the client, which checks it before sending. */
    public static final String COMMAND_MAX_LENGTH_PROP_NAME = Configuration.COMMAND_MAX_LENGTH_PROP_NAME;
    /** Default of {@link #COMMAND_MAX_LENGTH_PROP_NAME}. */
    public static final int COMMAND_MAX_LENGTH_DEFAULT = Configuration.COMMAND_MAX_LENGTH_DEFAULT;

    /** Bytes of events one event slot holds, headers included. */
    public static final String EVENT_SLOT_CAPACITY_PROP_NAME = "sequent.event.slot.capacity";
    /** Default of {@link #EVENT_SLOT_CAPACITY_PROP_NAME}. */
    public static final int EVENT_SLOT_CAPACITY_DEFAULT = 4096;

    /** Event slots one command's events may take at most; a command that needs more is rejected whole. */
    public static final String COMMAND_MAX_SLOTS_PROP_NAME = "sequent.command.max.slots";
    /** Default of {@link #COMMAND_MAX_SLOTS_PROP_NAME}: 256 KiB of events per command. */
    public static final int COMMAND_MAX_SLOTS_DEFAULT = 64;

    /** How the stages share threads: dedicated, shared or invoker. */
    public static final String THREADING_MODE_PROP_NAME = "sequent.threading.mode";

    /** Idle strategy of the sequencer's thread (dedicated mode). */
    public static final String SEQUENCER_IDLE_STRATEGY_PROP_NAME = "sequent.sequencer.idle.strategy";
    /** Idle strategy of the journaler's thread (dedicated mode). */
    public static final String JOURNALER_IDLE_STRATEGY_PROP_NAME = "sequent.journaler.idle.strategy";
    /** Idle strategy of the read side's thread (dedicated mode). */
    public static final String READ_SIDE_IDLE_STRATEGY_PROP_NAME = "sequent.read.side.idle.strategy";
    /** Idle strategy of the one engine thread (shared mode). */
    public static final String SHARED_IDLE_STRATEGY_PROP_NAME = "sequent.shared.idle.strategy";
    /** Idle strategy of the command source's thread (dedicated mode): the gateway's. */
    public static final String SOURCE_IDLE_STRATEGY_PROP_NAME = Configuration.IDLE_STRATEGY_PROP_NAME;
    /** Default of every idle strategy. */
    public static final String IDLE_STRATEGY_DEFAULT = Configuration.IDLE_STRATEGY_DEFAULT;

    /** Length of each preallocated journal segment file. */
    public static final String JOURNAL_SEGMENT_LENGTH_PROP_NAME = "sequent.journal.segment.length";
    /** Default of {@link #JOURNAL_SEGMENT_LENGTH_PROP_NAME}: 64 MiB. */
    public static final long JOURNAL_SEGMENT_LENGTH_DEFAULT = 64L << 20;

    /** When journaled events are forced to the device, and so when commands are acknowledged. */
    public static final String JOURNAL_DURABILITY_PROP_NAME = "sequent.journal.durability";
    /** Default of {@link #JOURNAL_DURABILITY_PROP_NAME}. */
    public static final String JOURNAL_DURABILITY_DEFAULT = "none";

    /** With the interval policy, the least time between two forces. */
    public static final String JOURNAL_SYNC_INTERVAL_MS_PROP_NAME = "sequent.journal.sync.interval.ms";
    /** Default of {@link #JOURNAL_SYNC_INTERVAL_MS_PROP_NAME}. */
    public static final long JOURNAL_SYNC_INTERVAL_MS_DEFAULT = 10;

    /** What becomes of sealed segments a snapshot covers: keep, archive or delete. */
    public static final String JOURNAL_RETENTION_PROP_NAME = "sequent.journal.retention";
    /** Default of {@link #JOURNAL_RETENTION_PROP_NAME}. */
    public static final String JOURNAL_RETENTION_DEFAULT = "keep";

    /** Write a snapshot after this many journal entries, 0 for none. */
    public static final String SNAPSHOT_EVERY_EVENTS_PROP_NAME = "sequent.snapshot.every.events";
    /** Default of {@link #SNAPSHOT_EVERY_EVENTS_PROP_NAME}. */
    public static final long SNAPSHOT_EVERY_EVENTS_DEFAULT = 1_000_000;

    /** How many of the newest snapshots to keep. */
    public static final String SNAPSHOTS_KEPT_PROP_NAME = "sequent.snapshots.kept";
    /** Default of {@link #SNAPSHOTS_KEPT_PROP_NAME}. */
    public static final int SNAPSHOTS_KEPT_DEFAULT = 3;

    /** Write a snapshot when this long has passed since the last one and events arrived, 0 for no timer. */
    public static final String SNAPSHOT_INTERVAL_MS_PROP_NAME = "sequent.snapshot.interval.ms";
    /** Default of {@link #SNAPSHOT_INTERVAL_MS_PROP_NAME}. */
    public static final long SNAPSHOT_INTERVAL_MS_DEFAULT = 0;

    /** Outcomes kept per client to answer re-sent commands. */
    public static final String DEDUP_WINDOW_PROP_NAME = "sequent.dedup.window";
    /** Default of {@link #DEDUP_WINDOW_PROP_NAME}. */
    public static final int DEDUP_WINDOW_DEFAULT = ClientLedger.DEFAULT_WINDOW;

    private EngineConfiguration()
    {
    }
}
