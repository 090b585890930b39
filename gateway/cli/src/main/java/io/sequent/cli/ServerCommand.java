package io.sequent.cli;

import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.config.DurabilityConverter;
import io.sequent.cli.config.EffectiveConfiguration;
import io.sequent.cli.config.ServerConfigurator;
import io.sequent.cli.config.ServerFlags;
import io.sequent.codecs.config.Configuration;
import io.sequent.engine.EngineConfiguration;
import io.sequent.engine.domain.DomainModule;
import io.sequent.gateway.SequentServer;
import io.sequent.http.SequentHttp;
import io.sequent.journal.DurabilityPolicy;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sequent server}: recovers the engine of a domain (the exchange unless {@code --domain} names another on the
 * class path) from its data directory and serves clients until stopped
 * with SIGINT or SIGTERM. Every setting comes from one rule (a flag when given, then system property, environment
 * variable, config file, default), and the server prints each with its value and source before its READY line.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Run a Sequent server (the exchange, or --domain) until SIGINT/SIGTERM. Prints the effective " +
        "configuration (each setting, its value and its source), then a READY line.")
public final class ServerCommand implements Callable<Integer>
{
    @Mixin
    ConfigFileOption config;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "data directory: journal, snapshots, projections (setting " + EngineConfiguration.DIR_PROP_NAME +
            ", default " + EngineConfiguration.DIR_DEFAULT + ")")
    Path dir;

    @Option(names = "--ingress", paramLabel = "CHANNEL", description = "Aeron ingress channel (setting " +
        Configuration.INGRESS_CHANNEL_PROP_NAME + ", default " + Configuration.INGRESS_CHANNEL_DEFAULT + ")")
    String ingress;

    @Option(names = "--durability", paramLabel = "POLICY", converter = DurabilityConverter.class,
        description = DurabilityConverter.DESCRIPTION)
    DurabilityPolicy durability;

    @Option(names = "--domain", paramLabel = "NAME", defaultValue = "exchange",
        description = "the domain to run, by its module's name: exchange or payments, or a user's own on the " +
            "class path (default: ${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "client credentials, lines clientId=hex " +
        "secret (setting sequent.auth.file, default DIR/credentials); create with `sequent credentials add`")
    Path authFile;

    @Option(names = "--aeron-dir", paramLabel = "DIR", description = "media driver directory (setting " +
        Configuration.AERON_DIR_PROP_NAME + ", " +
        "default /dev/shm/sequent-USER, where clients and `sequent stat` look)")
    String aeronDir;

    @Option(names = "--http", paramLabel = "PORT", description = "serve the HTTP face on this port (health, " +
        "readiness, Prometheus metrics, queries, signed commands, dashboard; setting sequent.http.port, default off; " +
        "0: the OS chooses)")
    Integer http;

    @Option(names = "--print-config", description = "print the effective configuration and exit without starting")
    boolean printConfig;

    @Option(names = "--json", description = "the configuration as one JSON line instead of the text banner")
    boolean json;

    @Mixin
    KeyFileOption key;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @return what the flags given set.
     */
    ServerFlags flags()
    {
        return new ServerFlags(dir, ingress, durability, authFile, aeronDir, http);
    }

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final ServerConfigurator configurator = new ServerConfigurator(flags());
        final SequentServer.Context ctx = configurator.newContext(DomainModule.named(domain));
        final SequentHttp.Context httpCtx = configurator.newHttpContext();
        ctx.engine().keyring(key.keyring());
        if (printConfig)
        {
            // Checked as the engine checks it at start, without opening anything.
            ctx.engine().conclude();
            if (httpCtx.enabled())
            {
                httpCtx.conclude();
            }
            print(out, configurator.describe(ctx));
            return 0;
        }
        final Throwable failure;
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            ctx.terminationHook(barrier::signal);
            try (SequentServer server = SequentServer.launch(ctx);
                SequentHttp httpFace = httpCtx.enabled() ? SequentHttp.launch(server, httpCtx) : null)
            {
                print(out, configurator.describe(ctx));
                // A line for people and for scripts (the crash tests wait for it): add fields, never rename them.
                out.println("READY ingress=" + server.ingressChannel() + " stream=" + server.ingressStreamId() +
                    " hash=" + Long.toHexString(server.engine().recoveryReport().stateHash()) +
                    " lastSequence=" + server.engine().recoveryReport().lastSequence() +
                    " aeronDir=" + server.aeronDirectoryName() +
                    " durability=" + ctx.engine().durability().name().toLowerCase(Locale.ROOT) +
                    " dir=" + ctx.engine().dataDir() +
                    (httpFace != null ? " http=" + httpFace.url() : ""));
                out.flush();
                barrier.await();
                failure = server.engine().failure();
            }
        }
        if (failure != null)
        {
            // Loudly: an orchestrator restarts the node, and recovery then names what it cannot apply.
            spec.commandLine().getErr().println("sequent: the engine failed and the server stopped: " + failure);
            return 1;
        }
        return 0;
    }

    private void print(final PrintWriter out, final EffectiveConfiguration configuration)
    {
        if (json)
        {
            out.println(configuration.toJson());
            out.flush();
        }
        else
        {
            configuration.print(out);
        }
    }
}
