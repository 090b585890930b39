package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.AddInstrumentDecoder;
import io.sequent.codecs.exchange.AmendOrderDecoder;
import io.sequent.codecs.exchange.CancelOrderDecoder;
import io.sequent.codecs.exchange.DepositDecoder;
import io.sequent.codecs.exchange.OpenAccountDecoder;
import io.sequent.codecs.exchange.PlaceOrderDecoder;
import io.sequent.codecs.exchange.WithdrawDecoder;

/**
 * The block length each command needs at the schema version its header names. SBE decoders read fields at fixed
 * offsets and trust the block length, so a shorter block would read bytes that belong to no field; such a command
 * is malformed. A version 1 command is one block shorter than a version 2 one: it has no {@code expectedVersion}.
 */
final class CommandBlocks
{
    private CommandBlocks()
    {
    }

    /**
     * @param templateId the command's template.
     * @param version    the schema version in its header.
     * @return the smallest block length that holds every field of that version; 0 for an unknown template, which
     *         the domain rejects on its own.
     */
    static int minimumBlockLength(final int templateId, final int version)
    {
        return switch (templateId)
        {
            case OpenAccountDecoder.TEMPLATE_ID -> OpenAccountDecoder.BLOCK_LENGTH;
            case AddInstrumentDecoder.TEMPLATE_ID -> AddInstrumentDecoder.BLOCK_LENGTH;
            case DepositDecoder.TEMPLATE_ID -> version >= DepositDecoder.expectedVersionSinceVersion() ?
                DepositDecoder.BLOCK_LENGTH : DepositDecoder.expectedVersionEncodingOffset();
            case WithdrawDecoder.TEMPLATE_ID -> version >= WithdrawDecoder.expectedVersionSinceVersion() ?
                WithdrawDecoder.BLOCK_LENGTH : WithdrawDecoder.expectedVersionEncodingOffset();
            case PlaceOrderDecoder.TEMPLATE_ID -> version >= PlaceOrderDecoder.expectedVersionSinceVersion() ?
                PlaceOrderDecoder.BLOCK_LENGTH : PlaceOrderDecoder.expectedVersionEncodingOffset();
            case CancelOrderDecoder.TEMPLATE_ID -> version >= CancelOrderDecoder.expectedVersionSinceVersion() ?
                CancelOrderDecoder.BLOCK_LENGTH : CancelOrderDecoder.expectedVersionEncodingOffset();
            case AmendOrderDecoder.TEMPLATE_ID -> version >= AmendOrderDecoder.expectedVersionSinceVersion() ?
                AmendOrderDecoder.BLOCK_LENGTH : AmendOrderDecoder.expectedVersionEncodingOffset();
            default -> 0;
        };
    }
}
