package io.sequent.bench;

import io.sequent.exchange.flow.OrderFlowGenerator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flow split over clients by account: every command is sent by exactly one client, the owner of the account it
 * names, which also opened that account in its setup.
 */
class FlowSliceTest
{
    @Test
    void everyCommandGoesToTheClientThatOwnsItsAccount()
    {
        final int clients = 3;
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(5, 10, 2).generate(2_000);
        final UnsafeBuffer into = new UnsafeBuffer(new byte[256]);
        final Set<String> sent = new HashSet<>();
        int total = 0;
        for (int k = 0; k < clients; k++)
        {
            for (final FlowSlice slice : new FlowSlice[] { FlowSlice.setup(flow, k, clients),
                FlowSlice.paced(flow, k, clients) })
            {
                for (int i = 0; i < slice.count(); i++)
                {
                    final int length = slice.encode(i, into);
                    final String bytes = k + ":" + i + ":" + slice.setupCount() + ":" + length;
                    assertTrue(sent.add(bytes));
                    total++;
                }
            }
        }
        assertEquals(flow.count(), total, "each command once");

        int setup = 0;
        for (int k = 0; k < clients; k++)
        {
            final FlowSlice slice = FlowSlice.setup(flow, k, clients);
            assertEquals(slice.count(), slice.setupCount(), "a setup is all unpaced");
            setup += slice.count();
            assertEquals(0, FlowSlice.paced(flow, k, clients).setupCount());
        }
        assertEquals(flow.setupCount(), setup);
        for (int i = 0; i < flow.count(); i++)
        {
            final long account = flow.accountId(i);
            assertEquals(Math.floorMod(account, clients), FlowSlice.owner(account, clients));
        }
        assertEquals(0, FlowSlice.owner(0, clients), "client 0 lists the instruments");
        assertEquals(flow.count(), FlowSlice.setup(flow).count() + FlowSlice.paced(flow, 0, 1).count(),
            "one client sends it all");
    }
}
