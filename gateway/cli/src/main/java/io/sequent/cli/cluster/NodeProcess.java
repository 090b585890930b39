package io.sequent.cli.cluster;

import io.sequent.cluster.AppliedPosition;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code sequent cluster-node} in a child JVM of its own, for the demo and the tests that kill nodes for real:
 * started with this JVM's module flags and class path, its output in a log file whose READY, ROLE and STOPPED lines
 * are read back.
 */
public final class NodeProcess implements AutoCloseable
{
    private final int nodeId;
    private final Path dir;
    private final Path log;
    private final Process process;
    private final int firstLine;

    private NodeProcess(final int nodeId, final Path dir, final Path log, final Process process, final int firstLine)
    {
        this.nodeId = nodeId;
        this.dir = dir;
        this.log = log;
        this.process = process;
        this.firstLine = firstLine;
    }

    /**
     * Starts a node and waits for its READY line.
     *
     * @param members    the member list.
     * @param nodeId     its id.
     * @param dir        its directory.
     * @param authFile   the credentials file every node reads.
     * @param log        a file for its output (appended to).
     * @param properties system properties for its JVM, each {@code name=value}.
     * @return the running node.
     * @throws IOException when it cannot be started.
     */
    public static NodeProcess start(
        final String members,
        final int nodeId,
        final Path dir,
        final Path authFile,
        final Path log,
        final String... properties) throws IOException
    {
        return start(members, nodeId, dir, authFile, log, false, properties);
    }

    /**
     * Starts a node, Sequent's or an echo service's, and waits for its READY line.
     *
     * @param members    the member list.
     * @param nodeId     its id.
     * @param dir        its directory.
     * @param authFile   the credentials file every node reads.
     * @param log        a file for its output (appended to).
     * @param echo       an echo service instead of the engine (the benchmark's baseline).
     * @param properties system properties for its JVM, each {@code name=value}.
     * @return the running node.
     * @throws IOException when it cannot be started.
     */
    public static NodeProcess start(
        final String members,
        final int nodeId,
        final Path dir,
        final Path authFile,
        final Path log,
        final boolean echo,
        final String... properties) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            // The module flags Agrona and Chronicle need, as this JVM got them; not its heap or agents.
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle."))
            {
                command.add(argument);
            }
        }
        for (final String property : properties)
        {
            command.add("-D" + property);
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dsequent.journal.segment.length=8388608",
            "-cp", System.getProperty("java.class.path"), "io.sequent.cli.SequentCli", "cluster-node",
            "--members", members, "--node-id", Integer.toString(nodeId), "--dir", dir.toString(),
            "--auth-file", authFile.toString()));
        if (echo)
        {
            command.add("--echo");
        }
        Files.createDirectories(dir);
        // The log is appended to across restarts: this run's lines start after what is there now.
        final int firstLine = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        final NodeProcess node = new NodeProcess(nodeId, dir, log, process, firstLine);
        node.awaitLine("READY node=" + nodeId, 60);
        return node;
    }

    /**
     * @return the member id.
     */
    public int nodeId()
    {
        return nodeId;
    }

    /**
     * @return its directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @return whether the process runs.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @return the role its last ROLE line gives, or "" before the first.
     * @throws IOException when the log cannot be read.
     */
    public String role() throws IOException
    {
        String role = "";
        for (final String line : Files.readAllLines(log))
        {
            if (line.startsWith("ROLE node=" + nodeId + " "))
            {
                role = field(line, "role");
            }
        }
        return role;
    }

    /**
     * @return {log position, journal sequence} the node's engine has applied (read from its marker file).
     */
    public long[] applied()
    {
        return AppliedPosition.read(dir);
    }

    /**
     * SIGKILL: no shutdown hook, no flush, no close.
     *
     * @throws InterruptedException if interrupted while waiting for it to die.
     */
    public void kill9() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, then waits for the STOPPED line.
     *
     * @return the engine's state hash, hex, as the STOPPED line gives it.
     * @throws IOException when the node did not stop cleanly.
     */
    public String stop() throws IOException, InterruptedException
    {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException("node " + nodeId + " did not stop within 60 s:\n" + Files.readString(log));
        }
        final Optional<String> stopped = Files.readAllLines(log).stream()
            .filter(line -> line.startsWith("STOPPED node=" + nodeId)).reduce((first, second) -> second);
        if (stopped.isEmpty())
        {
            throw new IOException("node " + nodeId + " stopped without its STOPPED line:\n" + Files.readString(log));
        }
        return field(stopped.get(), "hash");
    }

    /**
     * @return the node's output so far.
     * @throws IOException when the log cannot be read.
     */
    public String output() throws IOException
    {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Waits for a line of the node's output that contains a text, counting from the node's start.
     *
     * @param text    what the line contains.
     * @param seconds how long to wait.
     * @throws IOException when the node exits first or the time runs out.
     */
    public void awaitOutput(final String text, final int seconds) throws IOException
    {
        awaitLine(text, seconds, false);
    }

    private void awaitLine(final String prefix, final int seconds) throws IOException
    {
        awaitLine(prefix, seconds, true);
    }

    private void awaitLine(final String text, final int seconds, final boolean prefix) throws IOException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline)
        {
            final List<String> lines = Files.readAllLines(log);
            for (int i = firstLine; i < lines.size(); i++)
            {
                if (prefix ? lines.get(i).startsWith(text) : lines.get(i).contains(text))
                {
                    return;
                }
            }
            if (!process.isAlive())
            {
                throw new IOException("node " + nodeId + " exited with " + process.exitValue() + ":\n" +
                    Files.readString(log));
            }
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
        }
        process.destroyForcibly();
        throw new IOException("node " + nodeId + ": no '" + text + "' in " + seconds + " s:\n" +
            Files.readString(log));
    }

    private static String field(final String line, final String name)
    {
        for (final String part : line.split(" "))
        {
            if (part.startsWith(name + "="))
            {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name + " in " + line);
    }
}
