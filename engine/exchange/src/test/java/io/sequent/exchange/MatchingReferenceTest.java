package io.sequent.exchange;

import io.sequent.engine.domain.RecordingEventAppender;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's exchange and a slow reference exchange, fed the same seeded order flow, must emit identical events
 * and rejections, command by command; the invariants hold throughout. Runs 100,000 order commands by default;
 * {@code -Dsequent.reference.commands=1000000} (the soak profile) runs a million.
 */
class MatchingReferenceTest
{
    private static final int ACCOUNTS = 40;
    private static final int INSTRUMENTS = 3;

    @Test
    void engineAndReferenceEmitIdenticalEvents()
    {
        final int commands = Integer.getInteger("sequent.reference.commands", 100_000);
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(20261124, ACCOUNTS, INSTRUMENTS).generate(commands);
        final ExchangeDomain domain = new ExchangeDomain();
        final ExchangeState state = domain.newState();
        final ReferenceExchange reference = new ReferenceExchange(ExchangeState.DEFAULT_MAX_ASSETS,
            ExchangeDomain.DEFAULT_MAX_FILLS);
        final RecordingEventAppender events = new RecordingEventAppender();
        final long[] totals = new long[INSTRUMENTS + 1];
        Arrays.fill(totals, ACCOUNTS * OrderFlowGenerator.INITIAL_BALANCE);

        int trades = 0;
        int rejects = 0;
        for (int i = 0; i < flow.count(); i++)
        {
            events.reset();
            domain.handle(flow.buffer(), flow.offset(i), flow.length(i), state, events);
            final List<String> engine = new ArrayList<>();
            if (events.reason() != 0)
            {
                engine.add("REJECT " + events.reason());
                rejects++;
            }
            else
            {
                for (int e = 0; e < events.count(); e++)
                {
                    engine.add(EventText.of(events.buffer(), events.offset(e)));
                    trades += engine.get(engine.size() - 1).startsWith("TradeExecuted") ? 1 : 0;
                }
                events.applyTo(domain, state);
            }
            assertEquals(reference.execute(flow.buffer(), flow.offset(i), flow.length(i)), engine, "command " + i);
            if (i >= flow.setupCount() && (i % 10_000 == 0 || i == flow.count() - 1))
            {
                ExchangeInvariants.check(state, totals);
            }
        }
        for (int asset = 0; asset <= INSTRUMENTS; asset++)
        {
            assertEquals(totals[asset], reference.total(asset));
        }
        System.out.printf("reference run: %,d commands, %,d trades, %,d rejected, %,d orders resting%n", flow.count(), trades, rejects, state.orderCount());
        assertTrue(trades > commands / 20, "the flow trades: " + trades);
        assertTrue(state.orderCount() > 0, "orders rest");
        assertTrue(rejects < commands / 2, "most commands are valid: " + rejects + " rejected");
    }
}
