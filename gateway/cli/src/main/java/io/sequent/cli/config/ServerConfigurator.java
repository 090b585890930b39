package io.sequent.cli.config;

import io.sequent.codecs.config.Configuration;
import io.sequent.codecs.config.Settings;
import io.sequent.engine.EngineConfiguration;
import io.sequent.engine.domain.DomainModule;
import io.sequent.gateway.EmbeddedDriver;
import io.sequent.gateway.SequentServer;
import io.sequent.http.SequentHttp;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import io.sequent.gateway.ServerConfiguration;

/**
 * Builds a server's context by one rule for every setting and every command that runs a server: a flag, when
 * given, then the setting's sources in {@link Settings}' order (system property, environment variable, config file),
 * then the command's own default if it has one (the demo's fresh directory, say), then the setting's default. It
 * remembers where each value came from, for the start-up banner.
 * <p>
 * It sets every server setting on the context itself, read through {@link Settings}, so that environment variables
 * and the config file set the server's own settings as they set the engine's.
 */
public final class ServerConfigurator
{
    private final ServerFlags flags;
    private final Map<ServerSetting, String> commandDefaults = new EnumMap<>(ServerSetting.class);
    private final Map<ServerSetting, String> commandDefaultSources = new EnumMap<>(ServerSetting.class);
    private final Map<ServerSetting, String> fixedValues = new EnumMap<>(ServerSetting.class);
    private final Map<ServerSetting, String> fixedSources = new EnumMap<>(ServerSetting.class);
    private final Map<ServerSetting, String> sources = new EnumMap<>(ServerSetting.class);
    private final Map<ServerSetting, String> flagValues = new EnumMap<>(ServerSetting.class);

    /**
     * @param flags what the command line gave.
     */
    public ServerConfigurator(final ServerFlags flags)
    {
        this.flags = flags;
    }

    /**
     * A command's own default, used when neither a flag nor any source sets the setting.
     *
     * @param setting dir, ingress channel or aeron dir.
     * @param value   the command's default.
     * @param why     the source to report, e.g. "demo: a new directory".
     * @return this.
     */
    public ServerConfigurator commandDefault(final ServerSetting setting, final String value, final String why)
    {
        commandDefaults.put(setting, value);
        commandDefaultSources.put(setting, why);
        return this;
    }

    /**
     * A value the command needs whatever the settings say (the demo's own credentials file); a flag still wins.
     *
     * @param setting one the command fixes.
     * @param value   its value.
     * @param why     the source to report.
     * @return this.
     */
    public ServerConfigurator fixed(final ServerSetting setting, final String value, final String why)
    {
        fixedValues.put(setting, value);
        fixedSources.put(setting, why);
        return this;
    }

    /**
     * @param module the domain to serve.
     * @return a server context with every setting resolved (not concluded).
     */
    public SequentServer.Context newContext(final DomainModule<?> module)
    {
        final Path dataDir = Path.of(resolve(ServerSetting.DIR, path(flags.dir()), EngineConfiguration.DIR_DEFAULT));
        final SequentServer.Context ctx = new SequentServer.Context().module(module, dataDir);
        ctx.ingressChannel(resolve(ServerSetting.INGRESS_CHANNEL, flags.ingress(),
            Configuration.INGRESS_CHANNEL_DEFAULT));
        ctx.ingressStreamId(Settings.intValue(ServerSetting.INGRESS_STREAM.propertyName(),
            Configuration.INGRESS_STREAM_ID_DEFAULT));
        ctx.aeronDirectoryName(resolve(ServerSetting.AERON_DIR, flags.aeronDir(), EmbeddedDriver.defaultDirectory()));
        ctx.embeddedDriver(Settings.booleanValue(ServerConfiguration.EMBEDDED_DRIVER_PROP_NAME,
            ServerConfiguration.EMBEDDED_DRIVER_DEFAULT));
        ctx.authFile(Path.of(resolve(ServerSetting.AUTH_FILE, path(flags.authFile()),
            dataDir.resolve(ServerConfiguration.AUTH_FILE_DEFAULT_NAME).toString())));
        ctx.maxSessions(Settings.intValue(ServerConfiguration.SESSIONS_MAX_PROP_NAME,
            ServerConfiguration.SESSIONS_MAX_DEFAULT));
        ctx.sessionTimeoutMs(Settings.longValue(ServerConfiguration.SESSION_TIMEOUT_MS_PROP_NAME,
            ServerConfiguration.SESSION_TIMEOUT_MS_DEFAULT));
        ctx.handshakeTimeoutMs(Settings.longValue(ServerConfiguration.HANDSHAKE_TIMEOUT_MS_PROP_NAME,
            ServerConfiguration.HANDSHAKE_TIMEOUT_MS_DEFAULT));
        ctx.idleStrategy(Settings.string(Configuration.IDLE_STRATEGY_PROP_NAME, Configuration.IDLE_STRATEGY_DEFAULT));
        if (flags.durability() != null)
        {
            ctx.engine().durability(flags.durability());
            sources.put(ServerSetting.JOURNAL_DURABILITY, flagSource(ServerSetting.JOURNAL_DURABILITY));
        }
        return ctx;
    }

    /**
     * The HTTP face's settings by the same rule: {@code --http} when given, then the settings' sources.
     *
     * @return its context; {@link SequentHttp.Context#enabled()} says whether a port was given anywhere.
     */
    public SequentHttp.Context newHttpContext()
    {
        final SequentHttp.Context http = new SequentHttp.Context();
        if (flags.httpPort() != null)
        {
            http.port(flags.httpPort());
            sources.put(ServerSetting.HTTP_PORT, flagSource(ServerSetting.HTTP_PORT));
            flagValues.put(ServerSetting.HTTP_PORT, Integer.toString(flags.httpPort()));
        }
        return http;
    }

    /**
     * @param ctx a context from {@link #newContext}, its engine context concluded.
     * @return every setting with its value and source.
     */
    public EffectiveConfiguration describe(final SequentServer.Context ctx)
    {
        final EffectiveConfiguration config = new EffectiveConfiguration();
        for (final ServerSetting setting : ServerSetting.values())
        {
            final String flagged = flagValues.get(setting);
            config.add(setting.propertyName(), flagged != null ? flagged : setting.effectiveValue(ctx),
                source(setting));
        }
        return config;
    }

    private String source(final ServerSetting setting)
    {
        final String known = sources.get(setting);
        if (known != null)
        {
            return known;
        }
        if (setting == ServerSetting.CONFIG_FILE && ConfigFileOption.givenOnCommandLine(
            Settings.string(Settings.CONFIG_FILE_PROP_NAME, null)))
        {
            return flagSource(setting);
        }
        return Settings.source(setting.propertyName());
    }

    private String resolve(final ServerSetting setting, final String flagValue, final String defaultValue)
    {
        if (flagValue != null)
        {
            sources.put(setting, flagSource(setting));
            return flagValue;
        }
        if (fixedValues.containsKey(setting))
        {
            sources.put(setting, fixedSources.get(setting));
            return fixedValues.get(setting);
        }
        final String fromSources = Settings.string(setting.propertyName(), null);
        if (fromSources != null)
        {
            sources.put(setting, Settings.source(setting.propertyName()));
            return fromSources;
        }
        if (commandDefaults.containsKey(setting))
        {
            sources.put(setting, commandDefaultSources.get(setting));
            return commandDefaults.get(setting);
        }
        sources.put(setting, "default");
        return defaultValue;
    }

    private static String flagSource(final ServerSetting setting)
    {
        return "flag " + setting.flag();
    }

    private static String path(final Path path)
    {
        return path == null ? null : path.toString();
    }
}
