package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.AccountOpenedEncoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.WithdrawnEncoder;
import io.sequent.engine.domain.EventAppender;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * The account commands' rules, on the {@code handle} side: validate against the current state and emit the event,
 * or reject. It never changes the state; {@link ExchangeDomain#apply} applies the events. Each command emits one
 * event or one rejection, never both.
 */
final class AccountRules
{
    private static final int DEPOSITED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + DepositedEncoder.BLOCK_LENGTH;
    private static final int WITHDRAWN_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + WithdrawnEncoder.BLOCK_LENGTH;
    private static final int OPENED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + AccountOpenedEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AccountOpenedEncoder accountOpened = new AccountOpenedEncoder();
    private final DepositedEncoder deposited = new DepositedEncoder();
    private final WithdrawnEncoder withdrawn = new WithdrawnEncoder();

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
                .accountId(accountId);
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
