package io.sequent.jmh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code jmh} launcher passes the JVM flags to every fork, and a {@code -jvmArgsAppend} of the user's adds to
 * them instead of mangling them: JMH does not split the values of a repeated {@code -jvmArgsAppend}, so two of
 * them would hand a fork all the flags as one argument. Run with a stand-in {@code java} that prints its arguments.
 */
class LauncherScriptTest
{
    @TempDir
    Path dir;

    private List<String> launch(final String... args) throws Exception
    {
        final String flags = System.getProperty("sequent.jvm.flags", "--add-opens=java.base/java.lang=ALL-UNNAMED " +
            "-Dchronicle.analytics.disable=true").trim();
        final Path script = dir.resolve("jmh");
        Files.writeString(script, Files.readString(Path.of("src/main/scripts/jmh"))
            .replace("${sequent.jvm.flags}", flags));
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        final Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        final List<String> command = new ArrayList<>(List.of("sh", script.toString()));
        command.addAll(Arrays.asList(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        final Process process = builder.redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }

    private static List<String> jmhArguments(final List<String> javaArguments)
    {
        return javaArguments.subList(javaArguments.indexOf("-jar") + 2, javaArguments.size());
    }

    @Test
    void theUsersJvmArgsAppendJoinsTheFlagsInOneOption() throws Exception
    {
        final List<String> args = jmhArguments(launch("JournalAppendBenchmark", "-jvmArgsAppend",
            "-Dsequent.jmh.dir=/tmp/elsewhere -Xmx1g", "-prof", "gc", "-jvmArgsAppend=-Dmore=1", "-p", "x=1,2"));
        assertEquals(1, args.stream().filter(arg -> arg.startsWith("-jvmArgsAppend")).count(), args.toString());
        assertEquals(List.of("JournalAppendBenchmark", "-prof", "gc", "-p", "x=1,2"), args.subList(2, args.size()));

        final List<String> forkArguments = new CommandLineOptions(args.toArray(new String[0]))
            .getJvmArgsAppend().get().stream().toList();
        assertTrue(forkArguments.contains("-Dsequent.jmh.dir=/tmp/elsewhere"), forkArguments.toString());
        assertTrue(forkArguments.contains("-Xmx1g") && forkArguments.contains("-Dmore=1"), forkArguments.toString());
        for (final String flag : System.getProperty("sequent.jvm.flags", "").trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                assertTrue(forkArguments.contains(flag), flag + " reaches the fork as one argument: " +
                    forkArguments);
            }
        }
        assertTrue(forkArguments.stream().noneMatch(arg -> arg.contains(" ")), forkArguments.toString());
    }

    @Test
    void withoutOneTheForksGetTheFlags() throws Exception
    {
        final List<String> args = jmhArguments(launch("SequencerBenchmark", "-prof", "gc"));
        final List<String> forkArguments = new CommandLineOptions(args.toArray(new String[0]))
            .getJvmArgsAppend().get().stream().toList();
        assertTrue(forkArguments.size() > 1 && forkArguments.stream().noneMatch(arg -> arg.contains(" ")),
            forkArguments.toString());
        assertEquals(List.of("SequencerBenchmark", "-prof", "gc"), args.subList(2, args.size()));
    }
}
