package io.sequent.cli;

import io.sequent.auth.Credentials;
import io.sequent.cluster.ClusterMembers;
import io.sequent.cluster.ClusterNode;
import io.sequent.cluster.SequentClusteredService;
import io.sequent.engine.domain.DomainModule;
import io.aeron.cluster.service.Cluster;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sequent cluster-node}: one member of a Sequent cluster (Aeron Cluster: consensus module, archive and the
 * engine as the clustered service) until SIGINT or SIGTERM. Prints a READY line once started, a ROLE line whenever
 * its role changes, and a STOPPED line with the engine's state hash when it stops.
 */
@Command(name = "cluster-node", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Run one member of a Sequent cluster (3 or 5 nodes; the exchange, or --domain) until " +
        "SIGINT/SIGTERM. Prints READY, then ROLE lines as its role changes, then STOPPED with its state hash.")
public final class ClusterNodeCommand implements Callable<Integer>
{
    @Option(names = "--members", required = true, paramLabel = "HOST:PORT,...",
        description = "every member's host and base port, in member-id order, the same on every node; each member " +
            "uses 6 UDP ports from its base (e.g. localhost:9000,localhost:9010,localhost:9020)")
    String members;

    @Option(names = "--node-id", required = true, paramLabel = "N", description = "this member's id: its place in " +
        "--members, from 0")
    int nodeId;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
        description = "the node's directory: engine/ (journal, snapshots, projections), cluster/, archive/")
    Path dir;

    @Option(names = "--domain", paramLabel = "NAME", defaultValue = "exchange",
        description = "the domain to run, by its module's name (default: ${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "client credentials (the same file on every " +
        "node), lines clientId=hex secret; default DIR/credentials; create with `sequent credentials add`")
    Path authFile;

    @Option(names = "--heartbeat-timeout-ms", paramLabel = "MS", defaultValue = "1000",
        description = "how long followers wait for the leader before electing another (default: ${DEFAULT-VALUE})")
    long heartbeatTimeoutMs;

    @Option(names = "--echo", hidden = true, description = "run an echo service instead of the engine (the " +
        "baseline of sequent bench --cluster)")
    boolean echo;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final ClusterMembers memberList;
        try
        {
            memberList = ClusterMembers.parse(members);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        final Path credentialsFile = authFile != null ? authFile : dir.resolve("credentials");
        if (!Files.isRegularFile(credentialsFile))
        {
            throw new IllegalStateException("no credentials file at " + credentialsFile + ": create one with " +
                "`sequent credentials add --file " + credentialsFile + " --client 1` and give every node the same " +
                "file (--auth-file)");
        }
        final Credentials credentials = Credentials.load(credentialsFile);
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final ClusterNode.Context ctx = new ClusterNode.Context()
                .members(memberList)
                .nodeId(nodeId)
                .dir(dir)
                .module(DomainModule.named(domain))
                .credentials(credentials)
                .echo(echo)
                .leaderHeartbeatTimeoutMs(heartbeatTimeoutMs)
                .terminationHook(barrier::signal);
            final long hash;
            final long lastSequence;
            try (ClusterNode node = ClusterNode.launch(ctx))
            {
                out.println("READY node=" + nodeId + " members=" + memberList.spec() + " ingressEndpoints=" +
                    memberList.ingressEndpoints() + " dir=" + dir);
                out.flush();
                final Thread watcher = roleWatcher(node, out);
                barrier.await();
                watcher.interrupt();
                watcher.join();
                node.close();
                final SequentClusteredService service = node.service();
                hash = service == null ? 0 : service.close();
                lastSequence = service == null || service.engine() == null ? 0 : service.engine().lastSequence();
            }
            out.println("STOPPED node=" + nodeId + " hash=" + Long.toHexString(hash) + " lastSequence=" +
                lastSequence);
            out.flush();
        }
        return 0;
    }

    private Thread roleWatcher(final ClusterNode node, final PrintWriter out)
    {
        final Thread watcher = new Thread(() ->
        {
            Cluster.Role last = null;
            while (!Thread.currentThread().isInterrupted())
            {
                final Cluster.Role role = node.role();
                if (role != null && role != last)
                {
                    out.println("ROLE node=" + nodeId + " role=" + role + " at=" + System.currentTimeMillis());
                    out.flush();
                    last = role;
                }
                try
                {
                    Thread.sleep(20);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, "sequent-role-watcher");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }
}
