package io.sequent.exchange.api;

import io.sequent.codecs.exchange.DepositDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OpenAccountDecoder;
import io.sequent.codecs.exchange.WithdrawDecoder;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The client-side encoder writes what the generated decoders and the domain read, at any offset.
 */
class ExchangeCommandsTest
{
    private static final int OFFSET = 13; // deliberately unaligned

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    private void assertHeader(final int templateId, final int blockLength)
    {
        header.wrap(buffer, OFFSET);
        assertEquals(templateId, header.templateId());
        assertEquals(blockLength, header.blockLength());
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(MessageHeaderDecoder.SCHEMA_VERSION, header.version());
    }

    @Test
    void encodesOpenAccountDepositAndWithdraw()
    {
        assertEquals(MessageHeaderDecoder.ENCODED_LENGTH + OpenAccountDecoder.BLOCK_LENGTH,
            commands.openAccount(buffer, OFFSET, Long.MAX_VALUE));
        assertHeader(OpenAccountDecoder.TEMPLATE_ID, OpenAccountDecoder.BLOCK_LENGTH);
        assertEquals(Long.MAX_VALUE, new OpenAccountDecoder().wrapAndApplyHeader(buffer, OFFSET, header).accountId());

        assertEquals(MessageHeaderDecoder.ENCODED_LENGTH + DepositDecoder.BLOCK_LENGTH,
            commands.deposit(buffer, OFFSET, 42, 7, 1_000_000_007L));
        assertHeader(DepositDecoder.TEMPLATE_ID, DepositDecoder.BLOCK_LENGTH);
        final DepositDecoder deposit = new DepositDecoder().wrapAndApplyHeader(buffer, OFFSET, header);
        assertEquals(42, deposit.accountId());
        assertEquals(7, deposit.assetId());
        assertEquals(1_000_000_007L, deposit.amount());

        assertEquals(MessageHeaderDecoder.ENCODED_LENGTH + WithdrawDecoder.BLOCK_LENGTH,
            commands.withdraw(buffer, OFFSET, 43, 8, 5));
        assertHeader(WithdrawDecoder.TEMPLATE_ID, WithdrawDecoder.BLOCK_LENGTH);
        final WithdrawDecoder withdraw = new WithdrawDecoder().wrapAndApplyHeader(buffer, OFFSET, header);
        assertEquals(43, withdraw.accountId());
        assertEquals(8, withdraw.assetId());
        assertEquals(5, withdraw.amount());
    }

    @Test
    void theDomainAcceptsWhatItEncodes()
    {
        final ExchangeDomain domain = new ExchangeDomain();
        final ExchangeState state = domain.newState();
        final RecordingEventAppender events = new RecordingEventAppender();
        final int[] lengths = {
            commands.openAccount(buffer, 0, 5),
            commands.deposit(buffer, 64, 5, 15, 300),
            commands.withdraw(buffer, 128, 5, 15, 120),
        };
        for (int i = 0; i < lengths.length; i++)
        {
            events.reset();
            domain.handle(buffer, i * 64, lengths[i], state, events);
            assertEquals(0, events.reason(), ExchangeReasons.name(events.reason()));
            assertEquals(1, events.count());
            events.applyTo(domain, state);
        }
        assertEquals(180, state.available(5, 15));
    }
}
