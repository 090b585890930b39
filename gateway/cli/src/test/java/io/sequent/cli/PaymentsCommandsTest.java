package io.sequent.cli;

import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.EngineDriver;
import io.sequent.payments.PaymentsModule;
import io.sequent.payments.command.PaymentCommands;
import io.sequent.payments.domain.Currencies;
import io.sequent.payments.domain.PaymentsState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line with the payments domain: {@code journal inspect} reads a version 1 journal as today's code does
 * (upcast, marked) or as written, and one order's events with {@code --aggregate order:ID}, through the aggregate
 * index of a data directory or, for a bare journal, by a scan it owns up to; {@code demo --domain payments} runs its
 * workload, holds the invariant and recovers the same state; an unknown domain is refused by name.
 */
class PaymentsCommandsTest
{
    private static final Path FIXTURE =
        Path.of("../../engine/payments/src/test/resources/fixtures/payments-journal-v1");

    @TempDir
    Path dir;

    private String run(final int expectedExit, final String... args)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(expectedExit, new CommandLine(new SequentCli()).execute(args), String.join(" ", args));
        }
        finally
        {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inspectReadsAVersion1JournalAsTodaysCodeDoesOrAsWritten()
    {
        final List<String> lines = run(0, "journal", "inspect", FIXTURE.toString()).lines().toList();
        assertEquals(1_168, lines.size(), "every frame; a version 1 capture had no fee, so it stays one event");
        final List<String> captures = lines.stream().filter(line -> line.contains("\"upcast\": true")).toList();
        assertTrue(captures.size() > 50, "captures upcast: " + captures.size());
        for (final String capture : captures)
        {
            assertTrue(capture.contains("\"message\": \"PaymentCaptured\"") && capture.contains("\"amount\": "),
                capture);
        }
        assertTrue(lines.stream().noneMatch(line -> line.contains("\"units\"")), "no whole units left");

        final List<String> asWritten = run(0, "journal", "inspect", FIXTURE.toString(), "--as-written").lines()
            .toList();
        assertEquals(1_168, asWritten.size());
        assertEquals(captures.size(), asWritten.stream().filter(line -> line.contains("\"units\": ")).count());
        assertTrue(asWritten.stream().noneMatch(line -> line.contains("upcast")));
    }

    @Test
    void anOrdersEventsComeFromTheAggregateIndexOrFromAScanOfABareJournal() throws IOException
    {
        final PaymentCommands commands = new PaymentCommands();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        try (Engine<PaymentsState> engine = Engine.launch(new EngineContext<PaymentsState>().dataDir(dir)
            .module(new PaymentsModule())))
        {
            final EngineDriver driver = new EngineDriver(engine);
            assertEquals(0, driver.execute(1, buffer, 0,
                commands.placeOrder(buffer, 0, 42, 0, 7, 5_000, Currencies.EUR)));
            assertEquals(0, driver.execute(2, buffer, 0,
                commands.placeOrder(buffer, 0, 43, 0, 7, 900, Currencies.EUR)));
            assertEquals(0, driver.execute(3, buffer, 0, commands.authorizePayment(buffer, 0, 42, 1, 5_000)));
            assertEquals(0, driver.execute(4, buffer, 0, commands.capturePayment(buffer, 0, 42, 2, 4_000, 40)));
            assertEquals(0, driver.execute(5, buffer, 0, commands.refundPayment(buffer, 0, 42, 3, 1_500)));
            assertEquals(0, driver.execute(6, buffer, 0, commands.cancelOrder(buffer, 0, 43, 1)));
        }
        final List<String> order = run(0, "journal", "inspect", dir.toString(), "--aggregate", "order:42").lines()
            .toList();
        assertEquals(5, order.size(), order.toString());
        assertTrue(order.get(0).contains("\"version\": 1") && order.get(0).contains("OrderPlaced"), order.get(0));
        assertTrue(order.get(2).contains("\"version\": 3") && order.get(2).contains("PaymentCaptured"));
        assertTrue(order.get(3).contains("\"version\": 3") && order.get(3).contains("FeeCharged"));
        assertTrue(order.get(4).contains("\"version\": 4") && order.get(4).contains("\"amount\": 1500"));
        assertEquals(order.subList(2, 5), run(0, "journal", "inspect", dir.toString(), "--aggregate", "order:42",
            "--from-version", "3").lines().toList());
        assertEquals(2, run(0, "journal", "inspect", dir.toString(), "--aggregate", "order:43").lines().count());
        assertEquals(0, run(0, "journal", "inspect", dir.toString(), "--aggregate", "order:44").lines().count());
        run(1, "journal", "inspect", dir.toString(), "--aggregate", "invoice:42");

        // The fixture's bare journal has no index: scanned, in order, upcast.
        final List<String> scanned = run(0, "journal", "inspect", FIXTURE.toString(), "--aggregate", "order:503")
            .lines().toList();
        assertTrue(scanned.size() >= 2, scanned.toString());
        for (int i = 0; i < scanned.size(); i++)
        {
            assertTrue(scanned.get(i).contains("\"version\": " + (i + 1)), scanned.get(i));
        }
        // Once a server has recovered it, its data directory has the index, built through the upcasters.
        final Path data = dir.resolve("fixture");
        copy(FIXTURE, data);
        Engine.launch(new EngineContext<PaymentsState>().dataDir(data).module(new PaymentsModule())
            .snapshotEveryEvents(0)).close();
        assertEquals(scanned, run(0, "journal", "inspect", data.toString(), "--aggregate", "order:503").lines()
            .toList());
    }

    @Test
    void theDemoRunsThePaymentsWorkloadAndRecoversTheSameState()
    {
        final String output = run(0, "demo", "--domain", "payments", "--commands", "400", "--dir",
            dir.resolve("demo").toString());
        assertTrue(output.contains("invariant holds"), output);
        assertTrue(output.contains(": EQUAL"), output);
        assertTrue(output.contains("the events of order:"), output);
        run(1, "demo", "--domain", "nosuch", "--dir", dir.resolve("other").toString());
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(from))
        {
            files = walk.toList();
        }
        for (final Path source : files)
        {
            final Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source))
            {
                Files.createDirectories(target);
            }
            else
            {
                Files.copy(source, target);
            }
        }
    }
}
