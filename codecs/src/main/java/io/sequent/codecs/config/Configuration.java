package io.sequent.codecs.config;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The settings that client and server share, each a property name and its default, as Aeron's {@code Configuration}
 * classes have them. Read through {@link Settings}, so every source ranks the same way.
 */
public final class Configuration
{
    /** Aeron URI the server's ingress subscribes to and clients publish commands on. */
    public static final String INGRESS_CHANNEL_PROP_NAME = "sequent.ingress.channel";
    /** Default of {@link #INGRESS_CHANNEL_PROP_NAME}: UDP on the loopback, port 40123. */
    public static final String INGRESS_CHANNEL_DEFAULT = "aeron:udp?endpoint=localhost:40123";

    /** Stream id of the ingress. */
    public static final String INGRESS_STREAM_ID_PROP_NAME = "sequent.ingress.stream";
    /** Default of {@link #INGRESS_STREAM_ID_PROP_NAME}. */
    public static final int INGRESS_STREAM_ID_DEFAULT = 10;

    /** Aeron URI a client receives responses on (the server publishes to it). */
    public static final String EGRESS_CHANNEL_PROP_NAME = "sequent.egress.channel";
    /** Default of {@link #EGRESS_CHANNEL_PROP_NAME}: UDP on the loopback, a port the OS chooses. */
    public static final String EGRESS_CHANNEL_DEFAULT = "aeron:udp?endpoint=localhost:0";

    /** Stream id of a client's egress. */
    public static final String EGRESS_STREAM_ID_PROP_NAME = "sequent.egress.stream";
    /** Default of {@link #EGRESS_STREAM_ID_PROP_NAME}. */
    public static final int EGRESS_STREAM_ID_DEFAULT = 20;

    /** Aeron's own property for the media driver's directory, read by client and server alike. */
    public static final String AERON_DIR_PROP_NAME = "aeron.dir";

    /** The largest command, in bytes, SBE header included: the server's command slot and the client's check. */
    public static final String COMMAND_MAX_LENGTH_PROP_NAME = "sequent.command.max.length";
    /** Default of {@link #COMMAND_MAX_LENGTH_PROP_NAME}. */
    public static final int COMMAND_MAX_LENGTH_DEFAULT = 1024;

    /** Idle strategy of a polling thread: backoff, yielding, sleeping or busy-spin. */
    public static final String IDLE_STRATEGY_PROP_NAME = "sequent.idle.strategy";
    /** Default of {@link #IDLE_STRATEGY_PROP_NAME}: backs off to parking, for small machines. */
    public static final String IDLE_STRATEGY_DEFAULT = "backoff";

    private Configuration()
    {
    }

    /**
     * Makes the idle strategy a setting names, one mapping for every polling thread of client and server. On a small
     * machine use one that gives the core away: {@code backoff} (spin, yield, then park from 1 us up to 100 us) is
     * the default; {@code sleeping} parks 1 ms; {@code yielding}, {@code busy-spin} and {@code noop} only with a
     * core per thread.
     *
     * @param name backoff, yielding, sleeping, busy-spin or noop.
     * @return a new idle strategy of that name (they hold state: one per polling thread).
     * @throws IllegalArgumentException for any other name.
     */
    public static IdleStrategy idleStrategy(final String name)
    {
        return switch (name)
        {
            case "backoff" -> new BackoffIdleStrategy(100, 10, 1_000, 100_000);
            case "yielding" -> new YieldingIdleStrategy();
            case "sleeping" -> new SleepingMillisIdleStrategy(1);
            case "busy-spin" -> new BusySpinIdleStrategy();
            case "noop" -> new NoOpIdleStrategy();
            default -> throw new IllegalArgumentException(
                "unknown idle strategy '" + name + "': use backoff, yielding, sleeping, busy-spin or noop");
        };
    }

    /**
     * The idle strategy a setting names, read through {@link Settings}.
     *
     * @param name         the setting, e.g. {@link #IDLE_STRATEGY_PROP_NAME}.
     * @param defaultValue the strategy's name when no source sets it.
     * @return a new idle strategy.
     * @throws IllegalArgumentException naming the setting, where its value came from and the choices.
     */
    public static IdleStrategy idleStrategySetting(final String name, final String defaultValue)
    {
        try
        {
            return idleStrategy(Settings.string(name, defaultValue));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("setting " + name + " (" + Settings.source(name) + "): " +
                ex.getMessage(), ex);
        }
    }
}
