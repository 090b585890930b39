package io.sequent.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bug this guards against: {@code -Dsequent.journal.durability=batch} given to {@code sequent server} was
 * silently replaced by the command's own default, none. A real server in a child JVM, started as an operator
 * starts it, must run with what the property and the environment say, print each setting's source before its
 * READY line, and keep the READY line's fields.
 */
class ServerStartConfigurationTest
{
    @TempDir
    Path dir;

    @Test
    void aSystemPropertyAndAnEnvironmentVariableReachTheRunningServer() throws Exception
    {
        final Path data = dir.resolve("data");
        final Path log = dir.resolve("server.log");
        try (ServerProcess server = ServerProcess.startOn(data, log, "aeron:udp?endpoint=localhost:0",
            Map.of("SEQUENT_SNAPSHOTS_KEPT", "7"), "sequent.journal.durability=batch"))
        {
            assertEquals("batch", server.field("durability"));
            assertEquals(data.toString(), server.field("dir"));
            for (final String field : new String[]{ "ingress", "stream", "hash", "lastSequence", "aeronDir" })
            {
                assertTrue(!server.field(field).isEmpty(), field);
            }
            final List<String> lines = Files.readAllLines(log);
            assertTrue(lines.stream().anyMatch(line -> line.matches(
                "\\s+sequent\\.journal\\.durability\\s+batch\\s+\\(system property\\)")), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(line -> line.matches(
                "\\s+sequent\\.snapshots\\.kept\\s+7\\s+\\(environment SEQUENT_SNAPSHOTS_KEPT\\)")),
                String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(line -> line.matches(
                "\\s+sequent\\.dir\\s+\\S+\\s+\\(flag --dir\\)")), String.join("\n", lines));
        }
    }
}
