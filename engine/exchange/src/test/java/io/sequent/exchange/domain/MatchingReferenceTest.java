package io.sequent.exchange.domain;

import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.flow.OrderFlowGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.api.ExchangeReasons;

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
        final Run run = run(commands, ExchangeDomain.DEFAULT_MAX_FILLS);
        System.out.printf("reference run: %,d commands, %,d trades, %,d rejected, %,d orders resting%n",
            run.commands, run.trades, run.rejects, run.resting);
        assertTrue(run.trades > commands / 20, "the flow trades: " + run.trades);
        assertTrue(run.resting > 0, "orders rest");
        assertTrue(run.rejects < commands / 2, "most commands are valid: " + run.rejects + " rejected");
    }

    /**
     * With a fill limit of two, many orders sweep past it, IOC ones included: each is rejected whole, exactly as
     * the reference rejects it, changes nothing and emits nothing after its rejection (issue 15).
     */
    @Test
    void sweepsPastASmallFillLimitAreRejectedWholeAndLeaveNoTrace()
    {
        final Run run = run(20_000, 2);
        assertTrue(run.tooManyFills > 100, "sweeps rejected: " + run.tooManyFills);
        assertTrue(run.trades > 0, "the flow still trades: " + run.trades);
    }

    private static Run run(final int commands, final int maxFills)
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(20261124, ACCOUNTS, INSTRUMENTS).generate(commands);
        final ExchangeDomain domain = new ExchangeDomain(ExchangeState.DEFAULT_MAX_ASSETS,
            ExchangeState.DEFAULT_MAX_ACCOUNTS, maxFills);
        final ExchangeState state = domain.newState();
        final ReferenceExchange reference = new ReferenceExchange(ExchangeState.DEFAULT_MAX_ASSETS, maxFills);
        final RecordingEventAppender events = new RecordingEventAppender();
        final RejectionIsFinal guard = new RejectionIsFinal();
        final long[] totals = new long[INSTRUMENTS + 1];
        Arrays.fill(totals, ACCOUNTS * OrderFlowGenerator.INITIAL_BALANCE);

        final Run run = new Run();
        run.commands = flow.count();
        for (int i = 0; i < flow.count(); i++)
        {
            events.reset();
            domain.handle(flow.buffer(), flow.offset(i), flow.length(i), state, guard.wrap(events));
            final List<String> engine = new ArrayList<>();
            if (events.reason() != 0)
            {
                engine.add("REJECT " + events.reason());
                run.rejects++;
                run.tooManyFills += events.reason() == ExchangeReasons.TOO_MANY_FILLS ? 1 : 0;
            }
            else
            {
                for (int e = 0; e < events.count(); e++)
                {
                    engine.add(EventText.of(events.buffer(), events.offset(e)));
                    run.trades += engine.get(engine.size() - 1).startsWith("TradeExecuted") ? 1 : 0;
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
        run.resting = state.orderCount();
        return run;
    }

    private static final class Run
    {
        int commands;
        int trades;
        int rejects;
        int tooManyFills;
        int resting;
    }
}
