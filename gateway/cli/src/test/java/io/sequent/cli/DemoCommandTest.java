package io.sequent.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small demo run: its server takes the settings by the same rule as {@code sequent server} (here the journal
 * durability from a system property, which the demo's own default used to hide), prints them, runs both phases
 * and recovers the same state.
 */
class DemoCommandTest
{
    @TempDir
    Path dir;

    @AfterEach
    void clear()
    {
        System.clearProperty("sequent.journal.durability");
    }

    @Test
    void theDemoRunsWithTheSettingsItIsGivenAndRecoversTheSameState()
    {
        System.setProperty("sequent.journal.durability", "batch");
        final CliRun run = CliRun.run("demo", "--dir", dir.toString(), "--accounts", "50", "--commands", "2000",
            "--warmup", "500", "--rate", "5000", "--orders", "2000", "--traders", "20", "--instruments", "2");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("journal durability batch"), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.matches(
            "\\s+sequent\\.journal\\.durability\\s+batch\\s+\\(system property\\)")), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.matches(
            "\\s+sequent\\.ingress\\.channel\\s+aeron:udp\\?endpoint=localhost:0\\s+\\(demo: any free port\\)")),
            run.out());
        assertTrue(run.out().contains("invariant holds"), run.out());
        assertTrue(run.out().contains(": EQUAL"), run.out());
    }

    @Test
    void theDemoServesItsHttpFaceWhenAskedAndPrintsItsUrl()
    {
        final CliRun run = CliRun.run("demo", "--dir", dir.resolve("http").toString(), "--accounts", "20",
            "--commands", "500", "--warmup", "0", "--rate", "5000", "--orders", "500", "--traders", "10",
            "--instruments", "1", "--http", "0");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().lines().anyMatch(line -> line.matches(
            "== HTTP face: http://127\\.0\\.0\\.1:\\d+/ \\(dashboard\\).*")), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.matches(
            "\\s+sequent\\.http\\.port\\s+0\\s+\\(flag --http\\)")), run.out());
        assertTrue(run.out().contains(": EQUAL"), run.out());
    }
}
