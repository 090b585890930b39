package io.sequent.cli;

import io.sequent.gateway.SequentServer;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import io.sequent.exchange.ExchangeModule;
import io.sequent.journal.DurabilityPolicy;

/**
 * {@code sequent server}: recovers the exchange engine from its data directory and serves clients until stopped
 * with SIGINT or SIGTERM.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run a Sequent exchange server until SIGINT/SIGTERM.")
public final class ServerCommand implements Callable<Integer>
{
    @Option(names = "--dir", description = "data directory: journal and projections (default: ${DEFAULT-VALUE})",
        defaultValue = "data/server")
    Path dir;

    @Option(names = "--ingress", description = "Aeron ingress channel (default: ${DEFAULT-VALUE})",
        defaultValue = "aeron:udp?endpoint=localhost:40123")
    String ingress;

    @Option(names = "--durability", defaultValue = "NONE",
        description = "journal durability: NONE, BATCH or INTERVAL (default: ${DEFAULT-VALUE})")
    String durability;

    @Option(names = "--auth-file",
        description = "client credentials, lines clientId=hex secret (default: property sequent.auth.file, else " +
            "DIR/credentials); create with `sequent credentials add`")
    Path authFile;

    @Mixin
    KeyFileOption key;

    private SequentServer.Context serverContext(final Path credentials, final ShutdownSignalBarrier barrier)
    {
        final SequentServer.Context ctx = new SequentServer.Context()
            .module(new ExchangeModule(), dir)
            .ingressChannel(ingress)
            .authFile(credentials)
            .terminationHook(barrier::signal);
        ctx.engine().durability(DurabilityPolicy.parse(durability)).keyring(key.keyring());
        return ctx;
    }

    @Override
    public Integer call()
    {
        final String property = System.getProperty("sequent.auth.file");
        final Path credentials = authFile != null ? authFile :
            property != null ? Path.of(property) : dir.resolve(CredentialsCommand.DEFAULT_FILE);
        final Throwable failure;
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            SequentServer server = SequentServer.launch(serverContext(credentials, barrier)))
        {
            // A line for people and for scripts (the crash tests wait for it).
            System.out.println("READY ingress=" + server.ingressChannel() + " stream=" + server.ingressStreamId() +
                " hash=" + Long.toHexString(server.engine().recoveryReport().stateHash()) +
                " lastSequence=" + server.engine().recoveryReport().lastSequence() +
                " aeronDir=" + server.aeronDirectoryName());
            System.out.flush();
            barrier.await();
            failure = server.engine().failure();
        }
        if (failure != null)
        {
            // Loudly: an orchestrator restarts the node, and recovery then names what it cannot apply.
            System.err.println("sequent: the engine failed and the server stopped: " + failure);
            return 1;
        }
        return 0;
    }
}
