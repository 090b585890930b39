package io.sequent.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.sequent.auth.Credentials;
import io.sequent.engine.EngineContext;
import io.sequent.engine.domain.DomainModule;
import io.sequent.gateway.EmbeddedDriver;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One member of a Sequent cluster in this process: a media driver, an archive and a consensus module (Aeron
 * Cluster), and the Sequent engine as the {@link SequentClusteredService}. Its directory holds {@code engine/} (the
 * engine's journal, snapshots and projections, as in single-node mode), {@code cluster/} (the consensus module's
 * recording log and snapshots' index), {@code archive/} (the replicated log), the member list it was first started
 * with, and the {@link AppliedPosition}.
 * <p>
 * Settings that proved stable on a 2-core machine: SHARED threading in driver and archive, log term 4 MiB, ingress
 * 256 KiB, archive control over IPC, no recording events, leader heartbeat timeout 1 s.
 */
public final class ClusterNode implements AutoCloseable
{
    /** The file in a node's directory that keeps the member list and node id it was created with. */
    public static final String MEMBERS_FILE = "cluster-members";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final String LOCK_FILE = "node.lock";

    private final Context ctx;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SequentClusteredService service;
    private final EchoClusteredService echo;
    private ClusteredMediaDriver clusteredDriver;
    private ClusteredServiceContainer container;

    private ClusterNode(final Context ctx)
    {
        this.ctx = ctx;
        final Path dir = ctx.dir;
        requireClusterDirectory(dir, ctx.members, ctx.nodeId);
        ctx.members.requirePortsFree(ctx.nodeId);
        try
        {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot use the node directory " + dir, ex);
        }
        if (lock == null)
        {
            CloseHelper.quietClose(lockChannel);
            throw new IllegalStateException("another process runs a node in " + dir + ": stop it first, or give " +
                "this node a directory of its own (--dir)");
        }
        // The lock is ours, so no live process uses these: mark files left by a SIGKILL would refuse the start
        // ("active mark file detected") for the next 10 s.
        deleteStaleMarkFiles(dir.resolve("cluster"));
        deleteStaleMarkFiles(dir.resolve("archive"));
        writeMembersFile(dir, ctx.members, ctx.nodeId);
        service = ctx.echo ? null : new SequentClusteredService(ctx.engine, dir, ctx.nodeId);
        echo = ctx.echo ? new EchoClusteredService() : null;
        try
        {
            launch();
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Starts the node; it takes part in elections at once and serves clients once a leader is elected.
     *
     * @param ctx the node's settings.
     * @return the running node.
     * @throws IllegalStateException when its directory, ports or member list do not fit (saying what to do).
     */
    public static ClusterNode launch(final Context ctx)
    {
        ctx.conclude();
        return new ClusterNode(ctx);
    }

    private void launch()
    {
        final String host = ctx.members.host(ctx.nodeId);
        final String aeronDir = EmbeddedDriver.uniqueDirectory();
        final ErrorHandler errors = ctx.errorHandler;
        final MediaDriver.Context driver = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, 1_000, 100_000))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(256 * 1024)
            .ipcTermBufferLength(256 * 1024)
            .errorHandler(errors)
            .terminationHook(ctx.terminationHook);
        final Archive.Context archive = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(ctx.dir.resolve("archive").toFile())
            .controlChannel("aeron:udp?term-length=64k|endpoint=" + ctx.members.endpoint(ctx.nodeId,
                ClusterMembers.ARCHIVE))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .archiveId(ctx.nodeId)
            .errorHandler(errors);
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archive.localControlChannel())
            .controlRequestStreamId(archive.localControlStreamId())
            .controlResponseChannel(archive.localControlChannel())
            .aeronDirectoryName(aeronDir);
        final Credentials credentials = ctx.credentials;
        final ConsensusModule.Context consensus = new ConsensusModule.Context()
            .clusterMemberId(ctx.nodeId)
            .clusterMembers(ctx.members.aeronClusterMembers())
            .clusterDir(ctx.dir.resolve("cluster").toFile())
            .ingressChannel("aeron:udp?term-length=256k")
            .logChannel("aeron:udp?term-length=4m|control-mode=manual|control=" +
                ctx.members.endpoint(ctx.nodeId, ClusterMembers.LOG_CONTROL))
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(ctx.leaderHeartbeatTimeoutMs))
            .archiveContext(archiveClient.clone())
            .errorHandler(errors)
            .terminationHook(ctx.terminationHook);
        if (credentials != null)
        {
            consensus.authenticatorSupplier(() -> new HmacAuthenticator(credentials));
        }
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(archiveClient.clone())
            .clusterDir(ctx.dir.resolve("cluster").toFile())
            .clusteredService(echo != null ? echo : service)
            .errorHandler(errors)
            .terminationHook(ctx.terminationHook);
        clusteredDriver = ClusteredMediaDriver.launch(driver, archive, consensus);
        container = ClusteredServiceContainer.launch(serviceContext);
        LOG.info("cluster node {} of {} started in {}", ctx.nodeId, ctx.members.size(), ctx.dir);
    }

    /**
     * @return the member id.
     */
    public int nodeId()
    {
        return ctx.nodeId;
    }

    /**
     * @return the node's Sequent service, null for an echo node.
     */
    public SequentClusteredService service()
    {
        return service;
    }

    /**
     * @return this node's role as its service last heard, null before the service started.
     */
    public Cluster.Role role()
    {
        if (echo != null)
        {
            return echo.role();
        }
        return service.engine() == null ? null : service.role();
    }

    /**
     * Stops the service container, then the consensus module, archive and driver, then closes the engine.
     */
    @Override
    public void close()
    {
        CloseHelper.quietClose(container);
        CloseHelper.quietClose(clusteredDriver);
        if (service != null)
        {
            service.close();
        }
        try
        {
            if (lock != null)
            {
                lock.release();
            }
        }
        catch (final IOException ignore)
        {
            // The lock goes with the channel.
        }
        CloseHelper.quietClose(lockChannel);
    }

    /**
     * Refuses a directory of single-node mode or of another member list, before anything is written to it.
     *
     * @param dir     the node's directory.
     * @param members the member list given now.
     * @param nodeId  the id given now.
     */
    static void requireClusterDirectory(final Path dir, final ClusterMembers members, final int nodeId)
    {
        if (Files.isDirectory(dir.resolve("journal")) || Files.isDirectory(dir.resolve("snapshots")))
        {
            throw new IllegalStateException(dir + " is a single-node data directory (sequent server): a cluster " +
                "node keeps its engine in " + dir.resolve("engine") + " beside the cluster's log and cannot take " +
                "over a single node's journal. Give the node a new directory (--dir); to carry a single node's " +
                "state into a cluster, replay its commands through a cluster client");
        }
        final Path file = dir.resolve(MEMBERS_FILE);
        if (!Files.exists(file))
        {
            if (Files.isDirectory(dir.resolve("cluster")) && !isEmpty(dir.resolve("cluster")))
            {
                throw new IllegalStateException(dir + " holds a cluster log but no " + MEMBERS_FILE + ": it is not " +
                    "a Sequent node's directory. Give the node a new directory (--dir)");
            }
            return;
        }
        final String expected = membersLine(members, nodeId);
        final String found;
        try
        {
            found = Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        if (!found.equals(expected))
        {
            throw new IllegalStateException("the node in " + dir + " was created as '" + found + "' but is started " +
                "as '" + expected + "': start it with the member list and --node-id it was created with (every " +
                "node must be given the same --members), or give it a new directory to join as a new member");
        }
    }

    private static String membersLine(final ClusterMembers members, final int nodeId)
    {
        return "node-id=" + nodeId + " members=" + members.spec();
    }

    private static void writeMembersFile(final Path dir, final ClusterMembers members, final int nodeId)
    {
        try
        {
            Files.writeString(dir.resolve(MEMBERS_FILE), membersLine(members, nodeId) + "\n", StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + dir.resolve(MEMBERS_FILE), ex);
        }
    }

    private static boolean isEmpty(final Path dir)
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
        {
            return !entries.iterator().hasNext();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static void deleteStaleMarkFiles(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return;
        }
        try (DirectoryStream<Path> marks = Files.newDirectoryStream(dir, "*mark*.dat"))
        {
            for (final Path mark : marks)
            {
                Files.deleteIfExists(mark);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot clear the stale mark files in " + dir, ex);
        }
    }

    /**
     * A node's settings.
     */
    public static final class Context
    {
        private ClusterMembers members;
        private int nodeId = -1;
        private Path dir;
        private EngineContext<?> engine;
        private Credentials credentials;
        private long leaderHeartbeatTimeoutMs = 1_000;
        private Runnable terminationHook = () -> { };
        private ErrorHandler errorHandler = (ex) -> LOG.error("cluster node error", ex);
        private boolean echo;

        /**
         * @param echo run the {@link EchoClusteredService} instead of the engine (the benchmark's baseline).
         * @return this.
         */
        public Context echo(final boolean echo)
        {
            this.echo = echo;
            return this;
        }

        /**
         * @param members the member list, the same on every node.
         * @return this.
         */
        public Context members(final ClusterMembers members)
        {
            this.members = members;
            return this;
        }

        /**
         * @param nodeId this member's id, its place in the list from 0.
         * @return this.
         */
        public Context nodeId(final int nodeId)
        {
            this.nodeId = nodeId;
            return this;
        }

        /**
         * @param dir the node's directory.
         * @return this.
         */
        public Context dir(final Path dir)
        {
            this.dir = dir;
            return this;
        }

        /**
         * @param module the domain to run; the engine keeps its data in {@code dir/engine}.
         * @param <S>    the domain's state.
         * @return this; call after {@link #dir}.
         */
        public <S> Context module(final DomainModule<S> module)
        {
            this.engine = new EngineContext<S>().module(module).dataDir(dir.resolve("engine"));
            return this;
        }

        /**
         * @return the engine's context, to adjust (durability, snapshots).
         */
        public EngineContext<?> engine()
        {
            return engine;
        }

        /**
         * @param credentials the clients allowed in, or null for no authentication (tests).
         * @return this.
         */
        public Context credentials(final Credentials credentials)
        {
            this.credentials = credentials;
            return this;
        }

        /**
         * @param millis how long followers wait for the leader's heartbeat before electing another.
         * @return this.
         */
        public Context leaderHeartbeatTimeoutMs(final long millis)
        {
            this.leaderHeartbeatTimeoutMs = millis;
            return this;
        }

        /**
         * @param hook run when the cluster shuts the node down (e.g. signal the main thread).
         * @return this.
         */
        public Context terminationHook(final Runnable hook)
        {
            this.terminationHook = hook;
            return this;
        }

        /**
         * @param handler where errors of the driver, archive, consensus module and service go.
         * @return this.
         */
        public Context errorHandler(final Consumer<Throwable> handler)
        {
            this.errorHandler = handler::accept;
            return this;
        }

        private void conclude()
        {
            if (members == null || dir == null || engine == null)
            {
                throw new IllegalStateException("a cluster node needs --members, --dir and a domain");
            }
            if (nodeId < 0 || nodeId >= members.size())
            {
                throw new IllegalStateException("--node-id " + nodeId + " is not in --members, which lists " +
                    members.size() + " members (ids 0 to " + (members.size() - 1) + ")");
            }
            final File engineDir = engine.dataDir().toFile();
            if (engineDir.isFile())
            {
                throw new IllegalStateException(engineDir + " is a file: the engine's directory must be a directory");
            }
        }
    }
}
