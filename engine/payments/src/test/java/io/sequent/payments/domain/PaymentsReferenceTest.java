package io.sequent.payments.domain;

import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.payments.flow.PaymentFlowGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payments domain and an independent reference model, fed the same seeded workflow (bad commands included),
 * must emit identical events, results and rejections, command by command; the invariant holds throughout (per
 * currency, captured minus refunded equals the sum over the orders), and at the end every order and total agrees
 * with the model and with what the generator meant. 20,000 commands by default;
 * {@code -Dsequent.payments.commands=1000000} (the soak profile) runs a million.
 */
class PaymentsReferenceTest
{
    private static final int[] CURRENCIES = { Currencies.USD, Currencies.EUR, Currencies.GBP, Currencies.JPY,
        Currencies.BHD };

    @Test
    void domainAndReferenceGiveIdenticalOutcomesAndTheInvariantHolds()
    {
        final int commands = Integer.getInteger("sequent.payments.commands", 20_000);
        final PaymentFlowGenerator.Flow flow = new PaymentFlowGenerator(20261124, 50).generate(commands);
        final PaymentsDomain domain = new PaymentsDomain();
        final PaymentsState state = domain.newState();
        final ReferencePayments reference = new ReferencePayments(PaymentsState.DEFAULT_MAX_ORDERS);
        final RecordingEventAppender events = new RecordingEventAppender();
        final TreeMap<String, Integer> rejects = new TreeMap<>();
        int fees = 0;
        for (int i = 0; i < flow.count(); i++)
        {
            events.reset();
            domain.handle(flow.buffer(), flow.offset(i), flow.length(i), state, events);
            final List<String> actual = new ArrayList<>();
            if (events.reason() != 0)
            {
                actual.add("REJECT " + PaymentsReasons.name(events.reason()) + " " + events.detail());
                rejects.merge(PaymentsReasons.name(events.reason()), 1, Integer::sum);
                assertEquals(0, events.resultLength(), "a rejected command has no result");
            }
            else
            {
                for (int e = 0; e < events.count(); e++)
                {
                    actual.add(EventText.of(events.buffer(), events.offset(e)));
                    fees += actual.get(actual.size() - 1).startsWith("Fee") ? 1 : 0;
                }
                actual.add(EventText.of(events.resultBuffer(), 0));
                events.applyTo(domain, state);
            }
            assertEquals(reference.execute(flow.buffer(), flow.offset(i)), actual, "command " + i);
            assertEquals(flow.meantValid(i), events.reason() == 0, "command " + i + " as the generator meant it");
            if (i % 5_000 == 0)
            {
                state.checkInvariant();
            }
        }
        state.checkInvariant();
        System.out.printf("payments reference run: %,d commands, %,d orders, %,d fees, rejected %s%n",
            flow.count(), state.orderCount(), fees, rejects);

        assertEquals(reference.orderCount(), state.orderCount());
        for (final PaymentOrder order : state.orders())
        {
            assertNull(reference.compare(order));
        }
        for (final int currency : CURRENCIES)
        {
            final long net = state.totalCaptured(currency) - state.totalRefunded(currency);
            assertEquals(reference.net(currency), net, Currencies.name(currency));
            assertEquals(flow.captured(currency) - flow.refunded(currency), net, Currencies.name(currency));
            assertEquals(flow.fees(currency), state.totalFees(currency));
            assertEquals(reference.fees(currency), state.totalFees(currency));
            assertTrue(state.totalCaptured(currency) > 0 && state.totalRefunded(currency) > 0,
                "the flow captures and refunds " + Currencies.name(currency));
        }
        assertTrue(fees > 0, "captures withhold fees");
        assertEquals(flow.intendedRejects(), rejects.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(rejects.keySet().containsAll(Set.of("VERSION_CONFLICT", "NOT_AUTHORIZED", "ALREADY_CAPTURED",
            "EXCEEDS_CAPTURED", "NOT_CAPTURED", "EXCEEDS_AUTHORIZED", "INVALID_FEE", "ORDER_CANCELLED",
            "UNKNOWN_ORDER", "ORDER_EXISTS", "UNKNOWN_CURRENCY", "NON_POSITIVE_AMOUNT", "ALREADY_AUTHORIZED")),
            "the bad commands cover the workflow's rejections: " + rejects.keySet());
    }
}
