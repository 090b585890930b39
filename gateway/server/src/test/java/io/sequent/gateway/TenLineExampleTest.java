package io.sequent.gateway;

import io.sequent.client.exchange.ExchangeClient;
import io.sequent.client.exchange.ExecutionReportsExample;
import io.sequent.client.exchange.OrderPlaced;
import io.sequent.client.exchange.OrderStatus;
import io.sequent.client.exchange.TenLineExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's client examples ({@link TenLineExample} and {@link ExecutionReportsExample}, compiled against the
 * client artifact alone) run against a real server and print what README says; the server's read models agree; and
 * README shows their code as it is, so it cannot rot.
 */
class TenLineExampleTest
{
    private static final Path EXAMPLES = Path.of("../client/src/test/java/io/sequent/client/exchange");
    private static final long DEADLINE_NS = 30_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void theExampleConnectsTradesAndPrintsTheFill()
    {
        try (SequentServer server = TestServers.launch(dir))
        {
            final String[] printed = new String[1];
            final OrderPlaced buy = printing(
                () -> TenLineExample.run(TestServers.client(server, TestServers.CLIENT_ID, null)), printed);
            assertEquals(new OrderPlaced(2, OrderStatus.FILLED, 2, 0, 1, 18_000, 4), buy, "at the ask's price");
            assertTrue(printed[0].contains("order 2 FILLED: bought 2 for 18000"), printed[0]);

            try (ExchangeClient exchange = ExchangeClient.connect(
                TestServers.client(server, TestServers.CLIENT_ID, null)))
            {
                assertEquals(100_000 - 18_000, exchange.balance(1, 0).orElseThrow().available());
                assertEquals(2, exchange.balance(1, 1).orElseThrow().available());
                assertEquals(18_000, exchange.balance(2, 0).orElseThrow().available());
            }
        }
    }

    @Test
    void theSubscriptionExamplePrintsEveryReportOfTheClientsOrders()
    {
        try (SequentServer server = TestServers.launch(dir))
        {
            printing(() -> TenLineExample.run(TestServers.client(server, TestServers.CLIENT_ID, null)),
                new String[1]);
            final ByteArrayOutputStream captured = new ByteArrayOutputStream();
            final PrintStream out = System.out;
            final long deadline = System.nanoTime() + DEADLINE_NS;
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try
            {
                ExecutionReportsExample.run(TestServers.client(server, TestServers.CLIENT_ID, null),
                    () -> captured.toString(StandardCharsets.UTF_8).lines().count() < 4 &&
                    System.nanoTime() < deadline);
            }
            finally
            {
                System.setOut(out);
            }
            assertEquals(List.of(
                "NEW order 1: 0 at 0, leaves 2, LIVE",
                "NEW order 2: 0 at 0, leaves 2, LIVE",
                "TRADE order 1: 2 at 9000, leaves 0, FILLED",
                "TRADE order 2: 2 at 9000, leaves 0, FILLED"),
                captured.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList()));
        }
    }

    @Test
    void readmeShowsTheExamplesCodeAsItIs() throws IOException
    {
        final String readme = Files.readString(Path.of("../../README.md"));
        for (final String example : List.of("TenLineExample.java", "ExecutionReportsExample.java"))
        {
            final String code = exampleCode(EXAMPLES.resolve(example));
            assertTrue(readme.contains(code), "README.md should show, as it is in " + example + ":\n" + code);
        }
    }

    /**
     * @return the lines between the example's BEGIN and END markers (but those marked not in README), less their
     *         common indentation.
     */
    private static String exampleCode(final Path source) throws IOException
    {
        final List<String> lines = Files.readAllLines(source);
        final int begin = lines.indexOf("        // BEGIN README EXAMPLE");
        final int end = lines.indexOf("        // END README EXAMPLE");
        assertTrue(begin >= 0 && end > begin, source + " marks its README example");
        return lines.subList(begin + 1, end).stream()
            .filter(line -> !line.endsWith("// not in README"))
            .map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
            .collect(Collectors.joining("\n", "", "\n"));
    }

    private static <T> T printing(final Supplier<T> run, final String[] printed)
    {
        final PrintStream out = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            return run.get();
        }
        finally
        {
            System.setOut(out);
            printed[0] = captured.toString(StandardCharsets.UTF_8);
        }
    }
}
