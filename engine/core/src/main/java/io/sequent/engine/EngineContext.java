package io.sequent.engine;

import io.sequent.codecs.engine.CommandRecordDecoder;
import io.sequent.codecs.config.Settings;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.DomainModule;
import io.sequent.engine.domain.Projection;
import io.sequent.journal.DurabilityPolicy;
import io.sequent.journal.RetentionPolicy;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static io.sequent.engine.EngineConfiguration.*;
import io.sequent.codecs.config.Configuration;

/**
 * Configuration of an {@link Engine}. Defaults run on a laptop; each can be overridden by the setting named in its
 * setter's Javadoc ({@link EngineConfiguration}, read through {@link Settings}: a value set here wins, then a
 * system property, environment variable or config file). {@link #conclude()} validates and fills defaults.
 *
 * @param <S> the domain's state.
 */
public final class EngineContext<S>
{
    private Supplier<Domain<S>> domainFactory;
    private Domain<S> domain;
    private final List<Projection> projections = new ArrayList<>();
    private DomainModule<S> module;
    private Path dataDir = Path.of(Settings.string(DIR_PROP_NAME, DIR_DEFAULT));
    private int commandRingSize = Settings.intValue(COMMAND_RING_SIZE_PROP_NAME, COMMAND_RING_SIZE_DEFAULT);
    private int eventRingSize = Settings.intValue(EVENT_RING_SIZE_PROP_NAME, EVENT_RING_SIZE_DEFAULT);
    private int commandSlotCapacity = Settings.intValue(COMMAND_MAX_LENGTH_PROP_NAME, COMMAND_MAX_LENGTH_DEFAULT);
    private int eventSlotCapacity = Settings.intValue(EVENT_SLOT_CAPACITY_PROP_NAME, EVENT_SLOT_CAPACITY_DEFAULT);
    private int maxSlotsPerCommand = Settings.intValue(COMMAND_MAX_SLOTS_PROP_NAME, COMMAND_MAX_SLOTS_DEFAULT);
    private ThreadingMode threadingMode;
    private IdleStrategy sequencerIdleStrategy;
    private IdleStrategy journalerIdleStrategy;
    private IdleStrategy readSideIdleStrategy;
    private IdleStrategy sharedIdleStrategy;
    private IdleStrategy sourceIdleStrategy;
    private CommandSource commandSource;
    private ErrorHandler errorHandler;
    private long journalSegmentLength =
        Settings.longValue(JOURNAL_SEGMENT_LENGTH_PROP_NAME, JOURNAL_SEGMENT_LENGTH_DEFAULT);
    private String durabilityName = Settings.string(JOURNAL_DURABILITY_PROP_NAME, JOURNAL_DURABILITY_DEFAULT);
    private DurabilityPolicy durability;
    private long syncIntervalMs =
        Settings.longValue(JOURNAL_SYNC_INTERVAL_MS_PROP_NAME, JOURNAL_SYNC_INTERVAL_MS_DEFAULT);
    private String retentionName = Settings.string(JOURNAL_RETENTION_PROP_NAME, JOURNAL_RETENTION_DEFAULT);
    private RetentionPolicy retention;
    private EpochNanoClock clock;
    private int drainTimeoutSeconds = 10;
    private long snapshotEveryEvents =
        Settings.longValue(SNAPSHOT_EVERY_EVENTS_PROP_NAME, SNAPSHOT_EVERY_EVENTS_DEFAULT);
    private int snapshotsKept = Settings.intValue(SNAPSHOTS_KEPT_PROP_NAME, SNAPSHOTS_KEPT_DEFAULT);
    private long snapshotIntervalMs = Settings.longValue(SNAPSHOT_INTERVAL_MS_PROP_NAME, SNAPSHOT_INTERVAL_MS_DEFAULT);
    private int dedupWindow = Settings.intValue(DEDUP_WINDOW_PROP_NAME, DEDUP_WINDOW_DEFAULT);
    private SegmentStorage storage = FileSegmentStorage.INSTANCE;
    private JournalKeyring keyring;
    private boolean keyringGiven;

    /**
     * Validates the settings and fills defaults.
     *
     * @return this.
     * @throws IllegalStateException naming the setting that is wrong.
     */
    public EngineContext<S> conclude()
    {
        if (domainFactory == null)
        {
            throw new IllegalStateException("a domain is required");
        }
        if (domain == null)
        {
            domain = domainFactory.get();
        }
        if (domain.eventSchemaId() == CommandRecordDecoder.SCHEMA_ID ||
            domain.commandSchemaId() == CommandRecordDecoder.SCHEMA_ID)
        {
            // The journal tells the engine's entries from the domain's by schema id.
            throw new IllegalStateException("schema id " + CommandRecordDecoder.SCHEMA_ID + " is the engine's own " +
                "(engine-schema.xml): give the domain's command and event schemas another id");
        }
        requirePowerOfTwo("command ring size (sequent.command.ring.size)", commandRingSize);
        requirePowerOfTwo("event ring size (sequent.event.ring.size)", eventRingSize);
        if (commandSlotCapacity < 8)
        {
            throw new IllegalStateException("command max length must be at least 8 bytes: " + commandSlotCapacity);
        }
        if (eventSlotCapacity < 64)
        {
            throw new IllegalStateException("event slot capacity must be at least 64 bytes: " + eventSlotCapacity);
        }
        if (maxSlotsPerCommand < 1 || (long)maxSlotsPerCommand * 4 > eventRingSize)
        {
            throw new IllegalStateException("slots per command (" + COMMAND_MAX_SLOTS_PROP_NAME + ") must be at " +
                "least 1 and at most a quarter of the event ring (" + eventRingSize + "): " + maxSlotsPerCommand);
        }
        concludeThreading();
        if (snapshotEveryEvents < 0 || snapshotsKept < 1)
        {
            throw new IllegalStateException("snapshot every events must be >= 0 and snapshots kept >= 1: " +
                snapshotEveryEvents + ", " + snapshotsKept);
        }
        if (snapshotIntervalMs < 0)
        {
            throw new IllegalStateException("snapshot interval (sequent.snapshot.interval.ms) must be >= 0 ms, " +
                "0 for no timer: " + snapshotIntervalMs);
        }
        if (dedupWindow < 1)
        {
            throw new IllegalStateException("dedup window (sequent.dedup.window) must be at least 1 command per " +
                "client, and more than a client keeps in flight: " + dedupWindow);
        }
        if (clock == null)
        {
            clock = new SystemEpochNanoClock();
        }
        if (storage == null)
        {
            storage = FileSegmentStorage.INSTANCE;
        }
        if (!keyringGiven)
        {
            keyring = JournalKeyring.fromSettings();
            keyringGiven = true;
        }
        concludeJournal();
        return this;
    }

    private void concludeThreading()
    {
        try
        {
            if (threadingMode == null)
            {
                final String mode = Settings.string(THREADING_MODE_PROP_NAME, null);
                threadingMode = mode != null ? ThreadingMode.valueOf(mode.toUpperCase(Locale.ROOT)) :
                    ThreadingMode.forProcessors(Runtime.getRuntime().availableProcessors());
            }
            sequencerIdleStrategy = idle(sequencerIdleStrategy, SEQUENCER_IDLE_STRATEGY_PROP_NAME);
            journalerIdleStrategy = idle(journalerIdleStrategy, JOURNALER_IDLE_STRATEGY_PROP_NAME);
            readSideIdleStrategy = idle(readSideIdleStrategy, READ_SIDE_IDLE_STRATEGY_PROP_NAME);
            sharedIdleStrategy = idle(sharedIdleStrategy, SHARED_IDLE_STRATEGY_PROP_NAME);
            sourceIdleStrategy = idle(sourceIdleStrategy, SOURCE_IDLE_STRATEGY_PROP_NAME);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException(ex.getMessage() + " (" + THREADING_MODE_PROP_NAME +
                ": dedicated, shared or invoker; *.idle.strategy)", ex);
        }
    }

    private static IdleStrategy idle(final IdleStrategy given, final String name)
    {
        return given != null ? given : Configuration.idleStrategySetting(name, IDLE_STRATEGY_DEFAULT);
    }

    private void concludeJournal()
    {
        try
        {
            if (durability == null)
            {
                durability = DurabilityPolicy.parse(durabilityName);
            }
            if (retention == null)
            {
                retention = RetentionPolicy.parse(retentionName);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException(ex.getMessage() + " (sequent.journal.durability, " +
                "sequent.journal.retention)", ex);
        }
        if (syncIntervalMs < 1)
        {
            throw new IllegalStateException("journal sync interval (sequent.journal.sync.interval.ms) must be at " +
                "least 1 ms: " + syncIntervalMs);
        }
        if (journalSegmentLength < 4096 || journalSegmentLength >= Integer.MAX_VALUE ||
            journalSegmentLength % 8 != 0)
        {
            throw new IllegalStateException("journal segment length (sequent.journal.segment.length) must be a " +
                "multiple of 8 from 4096 bytes to below 2 GiB: " + journalSegmentLength);
        }
    }

    private static void requirePowerOfTwo(final String name, final int value)
    {
        if (value < 2 || !BitUtil.isPowerOfTwo(value))
        {
            throw new IllegalStateException(name + " must be a power of two >= 2: " + value);
        }
    }

    /**
     * @param factory makes the business rules (required). A domain instance keeps flyweights and is used by one
     *                thread, so the engine makes one for the sequencer and one for each other thread that applies
     *                events (the snapshotter).
     * @return this.
     */
    public EngineContext<S> domain(final Supplier<Domain<S>> factory)
    {
        this.domainFactory = factory;
        this.domain = null;
        return this;
    }

    /**
     * Runs a domain plug-in: its rules, and its read models, which the engine opens at launch in its data directory.
     *
     * @param module the domain.
     * @return this.
     */
    public EngineContext<S> module(final DomainModule<S> module)
    {
        this.module = module;
        return domain(module::newDomain);
    }

    /**
     * @return the domain plug-in, or null when the domain and projections were given one by one.
     */
    public DomainModule<S> module()
    {
        return module;
    }

    /**
     * @return the sequencer's instance of the business rules (after {@link #conclude()}).
     */
    public Domain<S> domain()
    {
        if (domain == null && domainFactory != null)
        {
            domain = domainFactory.get();
        }
        return domain;
    }

    /**
     * @return a new instance of the business rules, for another thread.
     */
    public Domain<S> newDomain()
    {
        return domainFactory.get();
    }

    /**
     * @param projection a read model to keep up to date; the engine closes it on close.
     * @return this.
     */
    public EngineContext<S> addProjection(final Projection projection)
    {
        projections.add(projection);
        return this;
    }

    /**
     * @return the read models added one by one; the module's are opened by the engine at launch.
     */
    public List<Projection> projections()
    {
        return projections;
    }

    /**
     * @param dataDir where the journal lives (property {@code sequent.dir}, default {@code ./data}).
     * @return this.
     */
    public EngineContext<S> dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    /**
     * @return where the journal lives.
     */
    public Path dataDir()
    {
        return dataDir;
    }

    /**
     * @return the journal directory in the data directory: its segments and their archive folder.
     */
    public Path journalDir()
    {
        return dataDir.resolve("journal");
    }

    /**
     * @param size slots of the command ring, a power of two (property {@code sequent.command.ring.size}).
     * @return this.
     */
    public EngineContext<S> commandRingSize(final int size)
    {
        this.commandRingSize = size;
        return this;
    }

    /**
     * @return slots of the command ring.
     */
    public int commandRingSize()
    {
        return commandRingSize;
    }

    /**
     * @param size slots of the event ring, a power of two (property {@code sequent.event.ring.size}).
     * @return this.
     */
    public EngineContext<S> eventRingSize(final int size)
    {
        this.eventRingSize = size;
        return this;
    }

    /**
     * @return slots of the event ring.
     */
    public int eventRingSize()
    {
        return eventRingSize;
    }

    /**
     * @param bytes the largest command accepted (property {@code sequent.command.max.length}, default 1024).
     * @return this.
     */
    public EngineContext<S> commandSlotCapacity(final int bytes)
    {
        this.commandSlotCapacity = bytes;
        return this;
    }

    /**
     * @return the largest command accepted.
     */
    public int commandSlotCapacity()
    {
        return commandSlotCapacity;
    }

    /**
     * @param bytes room for one command's events (property {@code sequent.event.slot.capacity}, default 4096).
     * @return this.
     */
    public EngineContext<S> eventSlotCapacity(final int bytes)
    {
        this.eventSlotCapacity = bytes;
        return this;
    }

    /**
     * @return room for one command's events.
     */
    public int eventSlotCapacity()
    {
        return eventSlotCapacity;
    }

    /**
     * @param slots event slots one command's events may take at most (property
     *              {@code sequent.command.max.slots}, default 64); a command that needs more is rejected
     *              {@code EVENT_CAPACITY_EXCEEDED}, whole.
     * @return this.
     */
    public EngineContext<S> maxSlotsPerCommand(final int slots)
    {
        this.maxSlotsPerCommand = slots;
        return this;
    }

    /**
     * @return event slots one command's events may take at most.
     */
    public int maxSlotsPerCommand()
    {
        return maxSlotsPerCommand;
    }

    /**
     * @param mode how the stages share threads (property {@code sequent.threading.mode}; default: shared on up to
     *             two processors, else dedicated).
     * @return this.
     */
    public EngineContext<S> threadingMode(final ThreadingMode mode)
    {
        this.threadingMode = mode;
        return this;
    }

    /**
     * @return how the stages share threads (after {@link #conclude()}).
     */
    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    /**
     * @param idle the sequencer thread's idle strategy in dedicated mode (property
     *             {@code sequent.sequencer.idle.strategy}, a name of {@link Configuration#idleStrategy}; default
     *             backoff).
     * @return this.
     */
    public EngineContext<S> sequencerIdleStrategy(final IdleStrategy idle)
    {
        this.sequencerIdleStrategy = idle;
        return this;
    }

    /**
     * @return the sequencer thread's idle strategy.
     */
    public IdleStrategy sequencerIdleStrategy()
    {
        return sequencerIdleStrategy;
    }

    /**
     * @param idle the journaler thread's idle strategy in dedicated mode (property
     *             {@code sequent.journaler.idle.strategy}; default backoff).
     * @return this.
     */
    public EngineContext<S> journalerIdleStrategy(final IdleStrategy idle)
    {
        this.journalerIdleStrategy = idle;
        return this;
    }

    /**
     * @return the journaler thread's idle strategy.
     */
    public IdleStrategy journalerIdleStrategy()
    {
        return journalerIdleStrategy;
    }

    /**
     * @param idle the read side thread's idle strategy in dedicated mode (property
     *             {@code sequent.read.side.idle.strategy}; default backoff).
     * @return this.
     */
    public EngineContext<S> readSideIdleStrategy(final IdleStrategy idle)
    {
        this.readSideIdleStrategy = idle;
        return this;
    }

    /**
     * @return the read side thread's idle strategy.
     */
    public IdleStrategy readSideIdleStrategy()
    {
        return readSideIdleStrategy;
    }

    /**
     * @param idle the one engine thread's idle strategy in shared mode (property
     *             {@code sequent.shared.idle.strategy}; default backoff).
     * @return this.
     */
    public EngineContext<S> sharedIdleStrategy(final IdleStrategy idle)
    {
        this.sharedIdleStrategy = idle;
        return this;
    }

    /**
     * @return the one engine thread's idle strategy in shared mode.
     */
    public IdleStrategy sharedIdleStrategy()
    {
        return sharedIdleStrategy;
    }

    /**
     * @param idle the command source thread's idle strategy in dedicated mode (property
     *             {@code sequent.idle.strategy}; default backoff).
     * @return this.
     */
    public EngineContext<S> sourceIdleStrategy(final IdleStrategy idle)
    {
        this.sourceIdleStrategy = idle;
        return this;
    }

    /**
     * @return the command source thread's idle strategy.
     */
    public IdleStrategy sourceIdleStrategy()
    {
        return sourceIdleStrategy;
    }

    /**
     * @param source what feeds the sequencer and answers for it, run in the layout of the threading mode; null
     *               (the default) for a caller that offers and polls the responder itself.
     * @return this.
     */
    public EngineContext<S> commandSource(final CommandSource source)
    {
        this.commandSource = source;
        return this;
    }

    /**
     * @return the command source, or null.
     */
    public CommandSource commandSource()
    {
        return commandSource;
    }

    /**
     * @param handler told, once, of the failure that stopped the engine (a stage threw), on the failing thread.
     * @return this.
     */
    public EngineContext<S> errorHandler(final ErrorHandler handler)
    {
        this.errorHandler = handler;
        return this;
    }

    /**
     * @return told of the failure that stopped the engine, or null.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param bytes length of each preallocated journal segment file (property
     *              {@code sequent.journal.segment.length}, default 64 MiB; below 2 GiB).
     * @return this.
     */
    public EngineContext<S> journalSegmentLength(final long bytes)
    {
        this.journalSegmentLength = bytes;
        return this;
    }

    /**
     * @return length of each journal segment file.
     */
    public long journalSegmentLength()
    {
        return journalSegmentLength;
    }

    /**
     * @param durability when journaled events are forced to the device, and so when commands are acknowledged
     *                   (property {@code sequent.journal.durability}: none, batch or interval; default none).
     * @return this.
     */
    public EngineContext<S> durability(final DurabilityPolicy durability)
    {
        this.durability = durability;
        return this;
    }

    /**
     * @return the durability policy (after {@link #conclude()}).
     */
    public DurabilityPolicy durability()
    {
        return durability;
    }

    /**
     * @param millis with the interval policy, force the journal at most this often (property
     *               {@code sequent.journal.sync.interval.ms}, default 10).
     * @return this.
     */
    public EngineContext<S> syncIntervalMs(final long millis)
    {
        this.syncIntervalMs = millis;
        return this;
    }

    /**
     * @return with the interval policy, the least time between two forces.
     */
    public long syncIntervalMs()
    {
        return syncIntervalMs;
    }

    /**
     * @param retention what becomes of sealed segments a snapshot covers (property
     *                  {@code sequent.journal.retention}: keep, archive or delete; default keep).
     * @return this.
     */
    public EngineContext<S> retention(final RetentionPolicy retention)
    {
        this.retention = retention;
        return this;
    }

    /**
     * @return the retention policy (after {@link #conclude()}).
     */
    public RetentionPolicy retention()
    {
        return retention;
    }

    /**
     * @param clock source of command timestamps; inject a fixed one for deterministic journals.
     * @return this.
     */
    public EngineContext<S> clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * @return source of command timestamps.
     */
    public EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @param events write a snapshot after this many events, 0 for none (property
     *               {@code sequent.snapshot.every.events}, default 1,000,000).
     * @return this.
     */
    public EngineContext<S> snapshotEveryEvents(final long events)
    {
        this.snapshotEveryEvents = events;
        return this;
    }

    /**
     * @return events between snapshots, 0 for none.
     */
    public long snapshotEveryEvents()
    {
        return snapshotEveryEvents;
    }

    /**
     * @param millis write a snapshot when this long has passed since the last one and events arrived, whichever of
     *               this and {@link #snapshotEveryEvents(long)} comes first; 0 for no timer (property
     *               {@code sequent.snapshot.interval.ms}, default 0).
     * @return this.
     */
    public EngineContext<S> snapshotIntervalMs(final long millis)
    {
        this.snapshotIntervalMs = millis;
        return this;
    }

    /**
     * @return milliseconds between timed snapshots, 0 for no timer.
     */
    public long snapshotIntervalMs()
    {
        return snapshotIntervalMs;
    }

    /**
     * @return whether the engine takes snapshots at all: by count, by time, or both.
     */
    public boolean snapshotsEnabled()
    {
        return snapshotEveryEvents > 0 || snapshotIntervalMs > 0;
    }

    /**
     * @param kept how many of the newest snapshots to keep (property {@code sequent.snapshots.kept}, default 3).
     * @return this.
     */
    public EngineContext<S> snapshotsKept(final int kept)
    {
        this.snapshotsKept = kept;
        return this;
    }

    /**
     * @return how many of the newest snapshots are kept.
     */
    public int snapshotsKept()
    {
        return snapshotsKept;
    }

    /**
     * @param commands outcomes kept per client to answer re-sent commands (property {@code sequent.dedup.window},
     *                 default 4096); must exceed what a client keeps in flight, and be the same on every restart of
     *                 a data directory for its snapshots to be used.
     * @return this.
     */
    public EngineContext<S> dedupWindow(final int commands)
    {
        this.dedupWindow = commands;
        return this;
    }

    /**
     * @return outcomes kept per client.
     */
    public int dedupWindow()
    {
        return dedupWindow;
    }

    /**
     * @return the snapshot directory in the data directory.
     */
    public Path snapshotDir()
    {
        return dataDir.resolve("snapshots");
    }

    /**
     * @param seconds how long close waits for the rings to drain.
     * @return this.
     */
    public EngineContext<S> drainTimeoutSeconds(final int seconds)
    {
        this.drainTimeoutSeconds = seconds;
        return this;
    }

    /**
     * @return how long close waits for the rings to drain.
     */
    public int drainTimeoutSeconds()
    {
        return drainTimeoutSeconds;
    }

    /**
     * @param storage the file system the journal (writer, recovery's reader, retention) and the snapshots are read
     *                and written through (default {@link FileSegmentStorage#INSTANCE}, also when null); tests pass a
     *                decorator that injects faults or a byte budget.
     * @return this.
     */
    public EngineContext<S> storage(final SegmentStorage storage)
    {
        this.storage = storage;
        return this;
    }

    /**
     * @return the file system the journal and snapshots go through.
     */
    public SegmentStorage storage()
    {
        return storage;
    }

    /**
     * @param keyring the keys the journal and snapshots are encrypted with at rest: its current key encrypts new
     *                journal segments, archives and snapshots; all of its keys read existing ones (key rotation:
     *                add a key and make it current). Null: written in plain (and existing encrypted files read with
     *                the keys the settings name). Default: {@link JournalKeyring#fromSettings()} (settings
     *                {@code sequent.journal.key.file}, {@code SEQUENT_JOURNAL_KEY}), none when they name none. The
     *                Chronicle Map projections are not encrypted: they are read models, rebuilt from the journal.
     * @return this.
     */
    public EngineContext<S> keyring(final JournalKeyring keyring)
    {
        this.keyring = keyring;
        this.keyringGiven = true;
        return this;
    }

    /**
     * @return the keys of the journal and snapshots, or null (after {@link #conclude()}).
     */
    public JournalKeyring keyring()
    {
        return keyring;
    }
}
