package io.sequent.gateway;

import io.sequent.client.exchange.ExchangeClient;
import io.sequent.client.exchange.OrderPlaced;
import io.sequent.client.exchange.OrderStatus;
import io.sequent.client.exchange.TenLineExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's ten-line client example ({@link TenLineExample}, compiled against the client artifact alone) runs
 * against a real server and prints its fill; the server's read models agree.
 */
class TenLineExampleTest
{
    @TempDir
    Path dir;

    @Test
    void theExampleConnectsTradesAndPrintsTheFill()
    {
        try (SequentServer server = TestServers.launch(dir))
        {
            final PrintStream out = System.out;
            final ByteArrayOutputStream printed = new ByteArrayOutputStream();
            final OrderPlaced buy;
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try
            {
                buy = TenLineExample.run(TestServers.client(server, TestServers.CLIENT_ID, null));
            }
            finally
            {
                System.setOut(out);
            }
            assertEquals(new OrderPlaced(2, OrderStatus.FILLED, 2, 0, 1, 18_000, 4), buy, "at the ask's price");
            final String line = printed.toString(StandardCharsets.UTF_8);
            assertTrue(line.contains("order 2 FILLED: bought 2 for 18000"), line);

            try (ExchangeClient exchange = ExchangeClient.connect(
                TestServers.client(server, TestServers.CLIENT_ID, null)))
            {
                assertEquals(100_000 - 18_000, exchange.balance(1, 0).orElseThrow().available());
                assertEquals(2, exchange.balance(1, 1).orElseThrow().available());
                assertEquals(18_000, exchange.balance(2, 0).orElseThrow().available());
            }
        }
    }
}
