package io.sequent.exchange;

import io.sequent.codecs.exchange.AccountOpenedDecoder;
import io.sequent.codecs.exchange.AccountOpenedEncoder;
import io.sequent.codecs.exchange.DepositDecoder;
import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OpenAccountDecoder;
import io.sequent.codecs.exchange.WithdrawDecoder;
import io.sequent.codecs.exchange.WithdrawnDecoder;
import io.sequent.codecs.exchange.WithdrawnEncoder;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.EventAppender;
import io.sequent.engine.domain.RejectReason;
import io.sequent.engine.domain.StateHasher;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * The reference exchange domain, account slice: open accounts, deposit and withdraw assets. Amounts are scaled
 * longs; overflow is rejected, never wrapped. The flyweights are reused, so handling a command allocates nothing.
 */
public final class ExchangeDomain implements Domain<ExchangeState>
{
    private static final int DEPOSITED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + DepositedEncoder.BLOCK_LENGTH;
    private static final int WITHDRAWN_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + WithdrawnEncoder.BLOCK_LENGTH;
    private static final int OPENED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + AccountOpenedEncoder.BLOCK_LENGTH;

    private final int maxAssets;
    private final int maxAccounts;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OpenAccountDecoder openAccount = new OpenAccountDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final WithdrawDecoder withdraw = new WithdrawDecoder();
    private final AccountOpenedEncoder accountOpened = new AccountOpenedEncoder();
    private final DepositedEncoder deposited = new DepositedEncoder();
    private final WithdrawnEncoder withdrawn = new WithdrawnEncoder();
    private final AccountOpenedDecoder accountOpenedDecoder = new AccountOpenedDecoder();
    private final DepositedDecoder depositedDecoder = new DepositedDecoder();
    private final WithdrawnDecoder withdrawnDecoder = new WithdrawnDecoder();

    /**
     * A domain with the default limits: {@link ExchangeState#DEFAULT_MAX_ASSETS} assets and
     * {@link ExchangeState#DEFAULT_MAX_ACCOUNTS} accounts.
     */
    public ExchangeDomain()
    {
        this(ExchangeState.DEFAULT_MAX_ASSETS, ExchangeState.DEFAULT_MAX_ACCOUNTS);
    }

    /**
     * @param maxAssets   asset ids are in [0, maxAssets).
     * @param maxAccounts accounts at most.
     */
    public ExchangeDomain(final int maxAssets, final int maxAccounts)
    {
        this.maxAssets = maxAssets;
        this.maxAccounts = maxAccounts;
    }

    @Override
    public int commandSchemaId()
    {
        return MessageHeaderDecoder.SCHEMA_ID;
    }

    @Override
    public int commandSchemaVersion()
    {
        return MessageHeaderDecoder.SCHEMA_VERSION;
    }

    @Override
    public int eventSchemaId()
    {
        return MessageHeaderDecoder.SCHEMA_ID;
    }

    @Override
    public int eventSchemaVersion()
    {
        return MessageHeaderDecoder.SCHEMA_VERSION;
    }

    @Override
    public ExchangeState newState()
    {
        return new ExchangeState(maxAssets, maxAccounts);
    }

    @Override
    public void handle(
        final DirectBuffer command, final int offset, final int length, final ExchangeState state,
        final EventAppender events)
    {
        header.wrap(command, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case OpenAccountDecoder.TEMPLATE_ID ->
            {
                openAccount.wrap(command, bodyOffset, blockLength, version);
                handleOpenAccount(openAccount.accountId(), state, events);
            }
            case DepositDecoder.TEMPLATE_ID ->
            {
                deposit.wrap(command, bodyOffset, blockLength, version);
                handleDeposit(deposit.accountId(), deposit.assetId(), deposit.amount(), state, events);
            }
            case WithdrawDecoder.TEMPLATE_ID ->
            {
                withdraw.wrap(command, bodyOffset, blockLength, version);
                handleWithdraw(withdraw.accountId(), withdraw.assetId(), withdraw.amount(), state, events);
            }
            default -> events.reject(RejectReason.UNKNOWN_COMMAND);
        }
    }

    private void handleOpenAccount(final long accountId, final ExchangeState state, final EventAppender events)
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
            accountOpened.wrapAndApplyHeader(events.buffer(), events.claim(OPENED_LENGTH), headerEncoder)
                .accountId(accountId);
        }
    }

    private void handleDeposit(
        final long accountId, final int assetId, final long amount, final ExchangeState state,
        final EventAppender events)
    {
        final int reason = checkTransfer(accountId, assetId, amount, state);
        if (reason != 0)
        {
            events.reject(reason);
            return;
        }
        final long balance = state.account(accountId).available[assetId];
        if (balance > Long.MAX_VALUE - amount)
        {
            events.reject(ExchangeReasons.ARITHMETIC_OVERFLOW);
            return;
        }
        deposited.wrapAndApplyHeader(events.buffer(), events.claim(DEPOSITED_LENGTH), headerEncoder)
            .accountId(accountId)
            .assetId(assetId)
            .amount(amount);
    }

    private void handleWithdraw(
        final long accountId, final int assetId, final long amount, final ExchangeState state,
        final EventAppender events)
    {
        final int reason = checkTransfer(accountId, assetId, amount, state);
        if (reason != 0)
        {
            events.reject(reason);
            return;
        }
        if (amount > state.account(accountId).available[assetId])
        {
            events.reject(ExchangeReasons.INSUFFICIENT_FUNDS);
            return;
        }
        withdrawn.wrapAndApplyHeader(events.buffer(), events.claim(WITHDRAWN_LENGTH), headerEncoder)
            .accountId(accountId)
            .assetId(assetId)
            .amount(amount);
    }

    private static int checkTransfer(
        final long accountId, final int assetId, final long amount, final ExchangeState state)
    {
        if (!state.hasAccount(accountId))
        {
            return ExchangeReasons.UNKNOWN_ACCOUNT;
        }
        if (!state.isAsset(assetId))
        {
            return ExchangeReasons.UNKNOWN_ASSET;
        }
        if (amount <= 0)
        {
            return ExchangeReasons.NON_POSITIVE_AMOUNT;
        }
        return 0;
    }

    @Override
    public void apply(final DirectBuffer event, final int offset, final int length, final ExchangeState state)
    {
        header.wrap(event, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case AccountOpenedDecoder.TEMPLATE_ID ->
            {
                accountOpenedDecoder.wrap(event, bodyOffset, blockLength, version);
                state.open(accountOpenedDecoder.accountId());
            }
            case DepositedDecoder.TEMPLATE_ID ->
            {
                depositedDecoder.wrap(event, bodyOffset, blockLength, version);
                state.account(depositedDecoder.accountId()).available[depositedDecoder.assetId()] +=
                    depositedDecoder.amount();
            }
            case WithdrawnDecoder.TEMPLATE_ID ->
            {
                withdrawnDecoder.wrap(event, bodyOffset, blockLength, version);
                state.account(withdrawnDecoder.accountId()).available[withdrawnDecoder.assetId()] -=
                    withdrawnDecoder.amount();
            }
            default -> throw new IllegalStateException("unknown exchange event template " + header.templateId() +
                " (schema " + header.schemaId() + " version " + header.version() + "): foreign or corrupt journal");
        }
    }

    @Override
    public long stateHash(final ExchangeState state)
    {
        final long[] ids = new long[state.accountCount()];
        int i = 0;
        for (final Account account : state.accounts().values())
        {
            ids[i++] = account.id;
        }
        Arrays.sort(ids);
        final StateHasher hasher = new StateHasher();
        hasher.add(ids.length);
        for (final long id : ids)
        {
            final Account account = state.account(id);
            hasher.add(id);
            for (int asset = 0; asset < state.maxAssets(); asset++)
            {
                if (account.available[asset] != 0 || account.reserved[asset] != 0)
                {
                    hasher.add(asset);
                    hasher.add(account.available[asset]);
                    hasher.add(account.reserved[asset]);
                }
            }
        }
        return hasher.hash();
    }
}
