package io.sequent.client.exchange;

import io.sequent.client.ClientContext;

import java.util.function.BooleanSupplier;

/**
 * The README's subscription example, compiled against the client artifact alone and run by the server's tests
 * against a real server: print every execution report of this client's orders, from the first, then live, until told
 * to stop.
 */
public final class ExecutionReportsExample
{
    private ExecutionReportsExample()
    {
    }

    /**
     * @param context where the server is and who the client is.
     * @param running polled between polls of the client: false ends the example.
     */
    public static void run(final ClientContext context, final BooleanSupplier running)
    {
        // BEGIN README EXAMPLE
        try (ExchangeClient exchange = ExchangeClient.connect(context))
        {
            exchange.executionReports(1, 0, report -> System.out.println(report.execType() + " order " +
                report.orderId() + ": " + report.lastQuantity() + " at " + report.lastPrice() + ", leaves " +
                report.leavesQuantity() + ", " + report.status()));  // TRADE order 1: 2 at 9000, leaves 0, FILLED
            while (running.getAsBoolean())
            {
                exchange.poll();                                         // the reports arrive on this thread
            }
        }
        // END README EXAMPLE
    }
}
