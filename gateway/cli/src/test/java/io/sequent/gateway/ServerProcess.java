package io.sequent.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Sequent server in a child JVM ({@code sequent server}), for tests that kill it for real.
 */
final class ServerProcess implements AutoCloseable
{
    private final Process process;
    private final String readyLine;

    private ServerProcess(final Process process, final String readyLine)
    {
        this.process = process;
        this.readyLine = readyLine;
    }

    /**
     * Starts a server and waits for its READY line.
     *
     * @param dataDir    its data directory.
     * @param log        a new file for its output.
     * @param properties system properties for its JVM, each {@code name=value}.
     */
    static ServerProcess start(final Path dataDir, final Path log, final String... properties)
        throws IOException, InterruptedException
    {
        return startOn(dataDir, log, "aeron:udp?endpoint=localhost:0", properties);
    }

    /**
     * Starts a server with the test clients' credentials and waits for its READY line.
     *
     * @param dataDir    its data directory.
     * @param log        a new file for its output.
     * @param ingress    its ingress channel (a fixed port, for clients that reconnect to a restarted server).
     * @param properties system properties for its JVM, each {@code name=value}.
     */
    static ServerProcess startOn(final Path dataDir, final Path log, final String ingress, final String... properties)
        throws IOException, InterruptedException
    {
        return startOn(dataDir, log, ingress, Map.of(), properties);
    }

    /**
     * Starts a server with the test clients' credentials and waits for its READY line; each server gets a driver
     * directory of its own (the default one is for a real server).
     *
     * @param dataDir     its data directory.
     * @param log         a new file for its output.
     * @param ingress     its ingress channel.
     * @param environment variables added to its environment.
     * @param properties  system properties for its JVM, each {@code name=value}.
     */
    static ServerProcess startOn(
        final Path dataDir,
        final Path log,
        final String ingress,
        final Map<String, String> environment,
        final String... properties)
        throws IOException, InterruptedException
    {
        TestServers.writeCredentialsFile(dataDir);
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("sequent.jvm.flags", "").trim().split("\\s+")));
        for (final String property : properties)
        {
            command.add("-D" + property);
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            "io.sequent.cli.SequentCli", "server", "--dir", dataDir.toString(),
            "--ingress", ingress, "--aeron-dir", EmbeddedDriver.uniqueDirectory()));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        final Process process = builder
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            final Optional<String> ready = Files.readAllLines(log).stream()
                .filter(line -> line.startsWith("READY ")).findFirst();
            if (ready.isPresent())
            {
                return new ServerProcess(process, ready.get());
            }
            if (!process.isAlive())
            {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" +
                    Files.readString(log));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("server not ready in 60 s:\n" + Files.readString(log));
    }

    /**
     * @param name of a field of the READY line.
     * @return its value.
     */
    String field(final String name)
    {
        for (final String part : readyLine.split(" "))
        {
            if (part.startsWith(name + "="))
            {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name + " in " + readyLine);
    }

    /**
     * SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no flush, no close.
     */
    void kill9() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM and wait: the server drains and closes.
     */
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
}
