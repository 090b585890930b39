package io.sequent.exchange;

import io.sequent.engine.domain.RecordingEventAppender;

import io.sequent.codecs.exchange.DepositEncoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OpenAccountEncoder;
import io.sequent.codecs.exchange.WithdrawEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The domain decodes with the block length and version in each message's header, as SBE's evolution rules need:
 * a message from a newer schema version, with a field appended to its block, still decodes its known fields.
 */
class SchemaCompatibilityTest
{
    private static final int EXTRA = 16;

    private final ExchangeDomain domain = new ExchangeDomain(4, 10);
    private final ExchangeState state = domain.newState();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RecordingEventAppender events = new RecordingEventAppender();

    /** Rewrites the message at 0 as from a newer version with a longer block, its extra bytes set to junk. */
    private int newer(final int blockLength)
    {
        buffer.putShort(0, (short)(blockLength + EXTRA));
        buffer.putShort(6, (short)(MessageHeaderDecoder.SCHEMA_VERSION + 1));
        buffer.setMemory(MessageHeaderEncoder.ENCODED_LENGTH + blockLength, EXTRA, (byte)0x7F);
        return MessageHeaderEncoder.ENCODED_LENGTH + blockLength + EXTRA;
    }

    private void handleAndApply(final int length)
    {
        events.reset();
        domain.handle(buffer, 0, length, state, events);
        assertEquals(0, events.reason(), ExchangeReasons.name(events.reason()));
        events.applyTo(domain, state);
    }

    @Test
    void commandsOfANewerVersionWithALongerBlockDecode()
    {
        new OpenAccountEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3);
        handleAndApply(newer(OpenAccountEncoder.BLOCK_LENGTH));
        new DepositEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(1).amount(50);
        handleAndApply(newer(DepositEncoder.BLOCK_LENGTH));
        new WithdrawEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(1).amount(20);
        handleAndApply(newer(WithdrawEncoder.BLOCK_LENGTH));
        assertEquals(30, state.available(3, 1));
    }

    @Test
    void eventsOfANewerVersionWithALongerBlockApply()
    {
        handleAndApply(new ExchangeCommands().openAccount(buffer, 0, 3));
        new DepositedEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(2).amount(9);
        domain.apply(buffer, 0, newer(DepositedEncoder.BLOCK_LENGTH), state);
        assertEquals(9, state.available(3, 2));
    }
}
