package io.sequent.payments.domain;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.payments.codecs.MessageHeaderEncoder;
import io.sequent.payments.codecs.OrderStatus;
import io.sequent.payments.command.PaymentCommands;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The workflow of one order, command by command: each accepted command bumps the version its events carry and
 * answers with it; commands out of order, stale or too large are rejected with their reason, change nothing and
 * emit nothing; a snapshot reads back to an equal state.
 */
class PaymentsDomainTest
{
    private final PaymentsDomain domain = new PaymentsDomain(3);
    private final PaymentsState state = domain.newState();
    private final RecordingEventAppender events = new RecordingEventAppender();
    private final PaymentCommands commands = new PaymentCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    private List<String> run(final int length)
    {
        final long before = domain.stateHash(state);
        events.execute(domain, buffer, 0, length, state);
        final List<String> out = new ArrayList<>();
        if (events.reason() != 0)
        {
            assertEquals(before, domain.stateHash(state), "a rejected command changes nothing");
            out.add("REJECT " + PaymentsReasons.name(events.reason()) + " " + events.detail());
            return out;
        }
        for (int i = 0; i < events.count(); i++)
        {
            out.add(EventText.of(events.buffer(), events.offset(i)));
        }
        out.add(EventText.of(events.resultBuffer(), 0));
        return out;
    }

    @Test
    void anOrderGoesThroughItsWorkflowWithAVersionOnEveryEvent() throws IOException
    {
        assertEquals(List.of("Placed 42 v1 customer 7 10000 840", "Accepted 42 v1"),
            run(commands.placeOrder(buffer, 0, 42, 0, 7, 10_000, Currencies.USD)));
        assertEquals(List.of("REJECT NOT_AUTHORIZED 0"), run(commands.capturePayment(buffer, 0, 42, 1, 5_000, 0)));
        assertEquals(List.of("REJECT NOT_CAPTURED 0"), run(commands.refundPayment(buffer, 0, 42, 1, 1)));
        assertEquals(List.of("REJECT EXCEEDS_ORDER_AMOUNT 0"),
            run(commands.authorizePayment(buffer, 0, 42, 1, 10_001)));
        assertEquals(List.of("Authorized 42 v2 9000 840", "Accepted 42 v2"),
            run(commands.authorizePayment(buffer, 0, 42, 1, 9_000)));
        assertEquals(List.of("REJECT VERSION_CONFLICT 2"), run(commands.capturePayment(buffer, 0, 42, 1, 9_000, 0)));
        assertEquals(List.of("REJECT ALREADY_AUTHORIZED 0"), run(commands.authorizePayment(buffer, 0, 42, 2, 1)));
        assertEquals(List.of("REJECT EXCEEDS_AUTHORIZED 0"),
            run(commands.capturePayment(buffer, 0, 42, 2, 9_001, 0)));
        assertEquals(List.of("REJECT INVALID_FEE 0"), run(commands.capturePayment(buffer, 0, 42, 2, 100, 101)));
        assertEquals(List.of("REJECT INVALID_FEE 0"), run(commands.capturePayment(buffer, 0, 42, 2, 100, -1)));
        assertEquals(List.of("Captured 42 v3 8000 840", "Fee 42 v3 240 840", "Accepted 42 v3"),
            run(commands.capturePayment(buffer, 0, 42, 2, 8_000, 240)));
        assertEquals(List.of("REJECT ALREADY_CAPTURED 0"), run(commands.capturePayment(buffer, 0, 42, 3, 1, 0)));
        assertEquals(List.of("REJECT ALREADY_CAPTURED 0"), run(commands.cancelOrder(buffer, 0, 42, 3)));
        assertEquals(List.of("Refunded 42 v4 3000 840", "Accepted 42 v4"),
            run(commands.refundPayment(buffer, 0, 42, 3, 3_000)));
        assertEquals(List.of("REJECT EXCEEDS_CAPTURED 5000"), run(commands.refundPayment(buffer, 0, 42, 4, 5_001)));
        assertEquals(List.of("REJECT NON_POSITIVE_AMOUNT 0"), run(commands.refundPayment(buffer, 0, 42, 4, 0)));
        assertEquals(OrderStatus.CAPTURED, state.order(42).status());
        assertEquals(List.of("Refunded 42 v5 5000 840", "Accepted 42 v5"),
            run(commands.refundPayment(buffer, 0, 42, 4, 5_000)));
        assertEquals(OrderStatus.REFUNDED, state.order(42).status());
        assertEquals(List.of("REJECT EXCEEDS_CAPTURED 0"), run(commands.refundPayment(buffer, 0, 42, 5, 1)));

        assertEquals(8_000, state.totalCaptured(Currencies.USD));
        assertEquals(8_000, state.totalRefunded(Currencies.USD));
        assertEquals(240, state.totalFees(Currencies.USD));
        state.checkInvariant();
        assertSnapshotReadsBackEqual();
    }

    @Test
    void placingAndCancellingHaveTheirOwnRules() throws IOException
    {
        assertEquals(List.of("REJECT INVALID_ORDER_ID 0"), run(commands.placeOrder(buffer, 0, 0, 0, 7, 1, 840)));
        assertEquals(List.of("REJECT INVALID_CUSTOMER 0"), run(commands.placeOrder(buffer, 0, 1, 0, 0, 1, 840)));
        assertEquals(List.of("REJECT NON_POSITIVE_AMOUNT 0"), run(commands.placeOrder(buffer, 0, 1, 0, 7, 0, 840)));
        assertEquals(List.of("REJECT UNKNOWN_CURRENCY 0"), run(commands.placeOrder(buffer, 0, 1, 0, 7, 1, 999)));
        assertEquals(List.of("REJECT VERSION_CONFLICT 0"), run(commands.placeOrder(buffer, 0, 1, 3, 7, 1, 840)));
        assertEquals(List.of("Placed 1 v1 customer 7 500 392", "Accepted 1 v1"),
            run(commands.placeOrder(buffer, 0, 1, 0, 7, 500, Currencies.JPY)));
        assertEquals(List.of("REJECT ORDER_EXISTS 1"), run(commands.placeOrder(buffer, 0, 1, 0, 7, 500, 392)));
        assertEquals(List.of("REJECT UNKNOWN_ORDER 0"), run(commands.cancelOrder(buffer, 0, 2, 1)));
        assertEquals(List.of("Cancelled 1 v2", "Accepted 1 v2"), run(commands.cancelOrder(buffer, 0, 1, 1)));
        assertEquals(List.of("REJECT ORDER_CANCELLED 0"), run(commands.authorizePayment(buffer, 0, 1, 2, 500)));
        assertEquals(List.of("REJECT VERSION_CONFLICT 2"), run(commands.authorizePayment(buffer, 0, 1, 1, 500)));
        run(commands.placeOrder(buffer, 0, 2, 0, 7, 500, Currencies.EUR));
        run(commands.placeOrder(buffer, 0, 3, 0, 7, 500, Currencies.EUR));
        assertEquals(List.of("REJECT TOO_MANY_ORDERS 0"), run(commands.placeOrder(buffer, 0, 4, 0, 7, 500, 978)));
        assertSnapshotReadsBackEqual();
    }

    @Test
    void aCommandShorterThanItsBlockOrOfAnotherTemplateIsRejectedByTheEnginesCodes()
    {
        final int length = commands.placeOrder(buffer, 0, 1, 0, 7, 500, Currencies.EUR);
        buffer.putShort(0, (short)10);
        assertEquals(List.of("REJECT MALFORMED_COMMAND 0"), run(length));
        commands.placeOrder(buffer, 0, 1, 0, 7, 500, Currencies.EUR);
        assertEquals(List.of("REJECT MALFORMED_COMMAND 0"), run(length - 1));
        buffer.putShort(2, (short)3); // version 1's whole-unit capture: retired, never misread
        assertEquals(List.of("REJECT " + RejectReason.name(RejectReason.UNKNOWN_COMMAND) + " 0"),
            run(MessageHeaderEncoder.ENCODED_LENGTH + 24));
    }

    @Test
    void applyRefusesAnOldEventThatDidNotGoThroughTheUpcaster()
    {
        final UnsafeBuffer old = new UnsafeBuffer(new byte[64]);
        new io.sequent.payments.codecs.PaymentCapturedV1Encoder()
            .wrapAndApplyHeader(old, 0, new MessageHeaderEncoder()).orderId(1).version(3).units(12).currency(840);
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> domain.apply(old, 0, 64, state));
        assertEquals(true, ex.getMessage().contains("upcaster"), ex.getMessage());
    }

    private void assertSnapshotReadsBackEqual() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        domain.writeSnapshot(state, new DataOutputStream(bytes));
        final PaymentsState read = domain.readSnapshot(new DataInputStream(new ByteArrayInputStream(
            bytes.toByteArray())));
        assertEquals(domain.stateHash(state), domain.stateHash(read));
        final ByteArrayOutputStream again = new ByteArrayOutputStream();
        domain.writeSnapshot(read, new DataOutputStream(again));
        assertEquals(bytes.size(), again.size());
    }
}
