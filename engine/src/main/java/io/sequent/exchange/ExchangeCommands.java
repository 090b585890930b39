package io.sequent.exchange;

import io.sequent.codecs.exchange.DepositEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OpenAccountEncoder;
import io.sequent.codecs.exchange.WithdrawEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the exchange's commands (SBE header and body) for clients. Reuses its flyweights: one instance per
 * thread, no allocation per command.
 */
public final class ExchangeCommands
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OpenAccountEncoder openAccount = new OpenAccountEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final WithdrawEncoder withdraw = new WithdrawEncoder();

    /**
     * @param buffer    to write to.
     * @param offset    where the command starts.
     * @param accountId account to open, positive.
     * @return the command's length.
     */
    public int openAccount(final MutableDirectBuffer buffer, final int offset, final long accountId)
    {
        openAccount.wrapAndApplyHeader(buffer, offset, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + openAccount.encodedLength();
    }

    /**
     * @param buffer    to write to.
     * @param offset    where the command starts.
     * @param accountId account to credit.
     * @param assetId   asset.
     * @param amount    scaled amount, positive.
     * @return the command's length.
     */
    public int deposit(
        final MutableDirectBuffer buffer, final int offset, final long accountId, final int assetId, final long amount)
    {
        deposit.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).assetId(assetId).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + deposit.encodedLength();
    }

    /**
     * @param buffer    to write to.
     * @param offset    where the command starts.
     * @param accountId account to debit.
     * @param assetId   asset.
     * @param amount    scaled amount, positive, at most the available balance.
     * @return the command's length.
     */
    public int withdraw(
        final MutableDirectBuffer buffer, final int offset, final long accountId, final int assetId, final long amount)
    {
        withdraw.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).assetId(assetId).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + withdraw.encodedLength();
    }
}
