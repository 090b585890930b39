package io.sequent.exchange.domain;

import io.sequent.codecs.RejectReason;
import io.sequent.codecs.exchange.DepositEncoder;
import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OpenAccountEncoder;
import io.sequent.codecs.exchange.WithdrawEncoder;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * The domain decodes with the block length and version in each message's header, as SBE's evolution rules need:
 * a message from a newer schema version, with a field appended to its block, still decodes its known fields; a
 * message from schema version 1, one block shorter (no {@code expectedVersion}, no {@code accountVersion}), decodes
 * those fields as their null value, 0, and behaves as it did under version 1.
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
        // Every field of this version is written (the buffer holds junk from the message before): no version check.
        new DepositEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(1).amount(50)
            .expectedVersion(DepositEncoder.expectedVersionNullValue());
        handleAndApply(newer(DepositEncoder.BLOCK_LENGTH));
        new WithdrawEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(1).amount(20)
            .expectedVersion(WithdrawEncoder.expectedVersionNullValue());
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

    /** Rewrites the message at 0 as from schema version 1: the block ends where the version 2 field starts. */
    private int version1(final int v1BlockLength)
    {
        buffer.putShort(0, (short)v1BlockLength);
        buffer.putShort(6, (short)1);
        // Junk where version 2's field would be, past the message's length: it must not be read.
        buffer.setMemory(MessageHeaderEncoder.ENCODED_LENGTH + v1BlockLength, 8, (byte)0x7F);
        return MessageHeaderEncoder.ENCODED_LENGTH + v1BlockLength;
    }

    @Test
    void version1CommandsDecodeWithNoVersionCheck()
    {
        handleAndApply(new ExchangeCommands().openAccount(buffer, 0, 3));
        new DepositEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(1).amount(50);
        handleAndApply(version1(DepositEncoder.expectedVersionEncodingOffset()));
        new WithdrawEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(1).amount(20);
        handleAndApply(version1(WithdrawEncoder.expectedVersionEncodingOffset()));
        assertEquals(30, state.available(3, 1));
        assertEquals(3, state.version(3));
    }

    @Test
    void aVersion1DepositedDecodesWithoutAnAccountVersionAndAppliesAsBefore()
    {
        handleAndApply(new ExchangeCommands().openAccount(buffer, 0, 3));
        new DepositedEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(2).amount(9)
            .accountVersion(2);
        final int length = version1(DepositedEncoder.accountVersionEncodingOffset());

        final DepositedDecoder decoder = new DepositedDecoder().wrap(
            buffer, MessageHeaderDecoder.ENCODED_LENGTH, buffer.getShort(0), buffer.getShort(6));
        assertEquals(DepositedDecoder.accountVersionNullValue(), decoder.accountVersion());
        assertEquals(0, decoder.accountVersion());
        assertEquals(9, decoder.amount());

        domain.apply(buffer, 0, length, state);
        assertEquals(9, state.available(3, 2));
        assertEquals(2, state.version(3));
    }

    @Test
    void aCommandBlockShorterThanItsVersionNeedsIsMalformed()
    {
        handleAndApply(new ExchangeCommands().openAccount(buffer, 0, 3));
        final int length = new ExchangeCommands().deposit(buffer, 0, 3, 1, 50);
        buffer.putShort(0, (short)DepositEncoder.expectedVersionEncodingOffset());
        events.reset();
        domain.handle(buffer, 0, length, state, events);
        assertEquals(RejectReason.MALFORMED_COMMAND, events.reason());
        assertEquals(0, state.available(3, 1));
    }
}
