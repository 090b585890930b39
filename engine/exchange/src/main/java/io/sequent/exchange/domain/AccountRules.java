package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.AccountOpenedEncoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OpenAccountResultEncoder;
import io.sequent.codecs.exchange.TransferResultEncoder;
import io.sequent.codecs.exchange.WithdrawnEncoder;
import io.sequent.engine.domain.EventAppender;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * The account commands' rules, on the {@code handle} side: validate against the current state and emit the event
 * and the command's result, or reject. It never changes the state; {@link ExchangeDomain#apply} applies the events.
 * Each command emits one event or one rejection, never both.
 * <p>
 * An account belongs to the client that opened it ({@link EventAppender#clientId()}, kept in {@code AccountOpened}):
 * a deposit or withdrawal from another client is rejected {@link ExchangeReasons#NOT_ACCOUNT_OWNER}, before the
 * version check, so a stranger learns nothing of the account. An account without an owner is open to all.
 */
final class AccountRules
{
    private static final int DEPOSITED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + DepositedEncoder.BLOCK_LENGTH;
    private static final int WITHDRAWN_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + WithdrawnEncoder.BLOCK_LENGTH;
    private static final int OPENED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + AccountOpenedEncoder.BLOCK_LENGTH;
    private static final int OPEN_RESULT_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + OpenAccountResultEncoder.BLOCK_LENGTH;
    private static final int TRANSFER_RESULT_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + TransferResultEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AccountOpenedEncoder accountOpened = new AccountOpenedEncoder();
    private final DepositedEncoder deposited = new DepositedEncoder();
    private final WithdrawnEncoder withdrawn = new WithdrawnEncoder();
    private final OpenAccountResultEncoder openResult = new OpenAccountResultEncoder();
    private final TransferResultEncoder transferResult = new TransferResultEncoder();

    void openAccount(final long accountId, final ExchangeState state, final EventAppender events)
    {
        if (accountId <= 0)
        {
            events.reject(ExchangeReasons.INVALID_ACCOUNT_ID);
        }
        else if (state.hasAccount(accountId))
        {
            events.reject(ExchangeReasons.ACCOUNT_EXISTS);
        }
        else if (state.accountCount() >= state.maxAccounts())
        {
            events.reject(ExchangeReasons.TOO_MANY_ACCOUNTS);
        }
        else
        {
            accountOpened.wrapAndApplyHeader(events.buffer(), events.claim(OPENED_LENGTH), header)
                .accountId(accountId)
                .ownerClientId(events.clientId());
            openResult.wrapAndApplyHeader(events.resultBuffer(), events.claimResult(OPEN_RESULT_LENGTH), header)
                .accountId(accountId)
                .accountVersion(1);
        }
    }

    void deposit(
        final long accountId, final int assetId, final long amount, final long expectedVersion,
        final ExchangeState state, final EventAppender events)
    {
        final Account account = state.account(accountId);
        if (!checkTransfer(account, assetId, amount, expectedVersion, state, events))
        {
            return;
        }
        // amount > 0 here, so this is the overflow test of balance + amount without an exception on the hot path.
        if (account.available[assetId] > Long.MAX_VALUE - amount)
        {
            events.reject(ExchangeReasons.ARITHMETIC_OVERFLOW);
            return;
        }
        deposited.wrapAndApplyHeader(events.buffer(), events.claim(DEPOSITED_LENGTH), header)
            .accountId(accountId)
            .assetId(assetId)
            .amount(amount)
            .accountVersion(account.version + 1);
        transferResult(accountId, assetId, account.available[assetId] + amount, account.version + 1, events);
    }

    void withdraw(
        final long accountId, final int assetId, final long amount, final long expectedVersion,
        final ExchangeState state, final EventAppender events)
    {
        final Account account = state.account(accountId);
        if (!checkTransfer(account, assetId, amount, expectedVersion, state, events))
        {
            return;
        }
        if (amount > account.available[assetId])
        {
            events.reject(ExchangeReasons.INSUFFICIENT_FUNDS);
            return;
        }
        withdrawn.wrapAndApplyHeader(events.buffer(), events.claim(WITHDRAWN_LENGTH), header)
            .accountId(accountId)
            .assetId(assetId)
            .amount(amount);
        transferResult(accountId, assetId, account.available[assetId] - amount, account.version + 1, events);
    }

    private void transferResult(
        final long accountId, final int assetId, final long available, final long version,
        final EventAppender events)
    {
        transferResult.wrapAndApplyHeader(events.resultBuffer(), events.claimResult(TRANSFER_RESULT_LENGTH), header)
            .accountId(accountId)
            .assetId(assetId)
            .available(available)
            .accountVersion(version);
    }

    /**
     * @return whether the transfer may go ahead; when not, the command has been rejected.
     */
    private static boolean checkTransfer(
        final Account account, final int assetId, final long amount, final long expectedVersion,
        final ExchangeState state, final EventAppender events)
    {
        if (account == null)
        {
            events.reject(ExchangeReasons.UNKNOWN_ACCOUNT);
            return false;
        }
        if (!account.isOwnedBy(events.clientId()))
        {
            events.reject(ExchangeReasons.NOT_ACCOUNT_OWNER);
            return false;
        }
        if (!account.isAt(expectedVersion))
        {
            events.reject(ExchangeReasons.VERSION_CONFLICT, account.version);
            return false;
        }
        if (!state.isAsset(assetId))
        {
            events.reject(ExchangeReasons.UNKNOWN_ASSET);
            return false;
        }
        if (amount <= 0)
        {
            events.reject(ExchangeReasons.NON_POSITIVE_AMOUNT);
            return false;
        }
        return true;
    }
}
