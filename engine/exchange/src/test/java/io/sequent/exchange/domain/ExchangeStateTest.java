package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.AccountOpenedEncoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.WithdrawnEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state's limits and accessors, apply on its own (as in replay), and the state hash.
 */
class ExchangeStateTest
{
    private final ExchangeDomain domain = new ExchangeDomain(4, 1_000);
    private final UnsafeBuffer event = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private void opened(final ExchangeState state, final long account)
    {
        opened(state, account, Account.NO_OWNER);
    }

    private void opened(final ExchangeState state, final long account, final long owner)
    {
        // Every field written: the buffer holds the bytes of the event before.
        new AccountOpenedEncoder().wrapAndApplyHeader(event, 0, header).accountId(account).ownerClientId(owner);
        domain.apply(event, 0, MessageHeaderEncoder.ENCODED_LENGTH + AccountOpenedEncoder.BLOCK_LENGTH, state);
    }

    private void deposited(final ExchangeState state, final long account, final int asset, final long amount)
    {
        new DepositedEncoder().wrapAndApplyHeader(event, 0, header).accountId(account).assetId(asset).amount(amount);
        domain.apply(event, 0, MessageHeaderEncoder.ENCODED_LENGTH + DepositedEncoder.BLOCK_LENGTH, state);
    }

    private void withdrawn(final ExchangeState state, final long account, final int asset, final long amount)
    {
        new WithdrawnEncoder().wrapAndApplyHeader(event, 0, header).accountId(account).assetId(asset).amount(amount);
        domain.apply(event, 0, MessageHeaderEncoder.ENCODED_LENGTH + WithdrawnEncoder.BLOCK_LENGTH, state);
    }

    @Test
    void defaultsAndLimits()
    {
        final ExchangeState state = new ExchangeState();
        assertEquals(ExchangeState.DEFAULT_MAX_ASSETS, state.maxAssets());
        assertEquals(16, state.maxAssets());
        assertEquals(1_000_000, state.maxAccounts());
        assertEquals(16, new ExchangeDomain().newState().maxAssets());
        assertEquals(1_000_000, new ExchangeDomain().newState().maxAccounts());

        assertThrows(IllegalArgumentException.class, () -> new ExchangeState(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExchangeState(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExchangeDomain(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExchangeDomain(4, -1));
    }

    @Test
    void applyEvolvesBalancesAndAccessorsAnswerZeroForWhatIsNotThere()
    {
        final ExchangeState state = domain.newState();
        assertFalse(state.hasAccount(1));
        assertEquals(0, state.available(1, 0));
        opened(state, 1);
        opened(state, 2);
        deposited(state, 1, 0, 70);
        deposited(state, 2, 0, 30);
        deposited(state, 2, 3, 5);
        withdrawn(state, 1, 0, 20);

        assertTrue(state.hasAccount(1));
        assertEquals(2, state.accountCount());
        assertEquals(50, state.available(1, 0));
        assertEquals(30, state.available(2, 0));
        assertEquals(0, state.reserved(1, 0));
        assertEquals(80, state.totalBalance(0), "deposits minus withdrawals");
        assertEquals(5, state.totalBalance(3));
        assertEquals(0, state.totalBalance(1));
        assertEquals(0, state.available(1, 4), "unknown asset");
        assertEquals(0, state.available(1, -1), "unknown asset");
        assertEquals(0, state.reserved(3, 0), "unknown account");
        assertEquals(0, state.totalBalance(4), "unknown asset");
    }

    @Test
    void eventsThatHandleCannotEmitAreFatalInApply()
    {
        final ExchangeState state = domain.newState();
        opened(state, 1);
        deposited(state, 1, 0, 10);
        final IllegalStateException twice = assertThrows(IllegalStateException.class, () -> opened(state, 1));
        assertTrue(twice.getMessage().contains("account 1"), twice.getMessage());
        assertEquals(10, state.available(1, 0), "the open account keeps its balances");
        assertThrows(IllegalStateException.class, () -> deposited(state, 2, 0, 10));
        assertThrows(IllegalStateException.class, () -> withdrawn(state, 2, 0, 10));

        new AccountOpenedEncoder().wrapAndApplyHeader(event, 0, header).accountId(3);
        event.putShort(2, (short)199); // a template this schema does not have
        assertThrows(IllegalStateException.class, () ->
            domain.apply(event, 0, MessageHeaderEncoder.ENCODED_LENGTH + AccountOpenedEncoder.BLOCK_LENGTH, state));
        assertFalse(state.hasAccount(3));
    }

    @Test
    void theHashDependsOnTheStateNotTheOrderThatBuiltIt()
    {
        final ExchangeState ascending = domain.newState();
        final ExchangeState descending = domain.newState();
        for (long account = 1; account <= 300; account++)
        {
            opened(ascending, account * 7919);
            deposited(ascending, account * 7919, (int)(account & 3), account + 1);
            withdrawn(ascending, account * 7919, (int)(account & 3), 1);
        }
        // Each account takes the same events (so reaches the same version, part of the state since schema 2),
        // interleaved differently across accounts.
        for (long account = 300; account >= 1; account--)
        {
            opened(descending, account * 7919);
        }
        for (long account = 300; account >= 1; account--)
        {
            deposited(descending, account * 7919, (int)(account & 3), account + 1);
        }
        for (long account = 1; account <= 300; account++)
        {
            withdrawn(descending, account * 7919, (int)(account & 3), 1);
        }
        assertEquals(domain.stateHash(ascending), domain.stateHash(descending));
        assertEquals(domain.stateHash(ascending), domain.stateHash(ascending), "stable");
        assertEquals(domain.stateHash(domain.newState()), domain.stateHash(domain.newState()));
    }

    private ExchangeState twoAccounts(final int firstAccountsAsset)
    {
        final ExchangeState state = domain.newState();
        opened(state, 1);
        opened(state, 2);
        deposited(state, 1, firstAccountsAsset, 100);
        deposited(state, 2, 1, 100);
        return state;
    }

    @Test
    void theHashChangesWithAnyBalanceAccountVersionOrOwner()
    {
        final ExchangeState a = twoAccounts(0);
        assertEquals(domain.stateHash(a), domain.stateHash(twoAccounts(0)));

        final ExchangeState oneMore = twoAccounts(0);
        deposited(oneMore, 2, 1, 1);
        assertNotEquals(domain.stateHash(a), domain.stateHash(oneMore), "one balance differs by one");

        assertNotEquals(domain.stateHash(a), domain.stateHash(twoAccounts(2)), "same amount, another asset");

        final ExchangeState sameBalances = twoAccounts(0);
        deposited(sameBalances, 2, 1, 1);
        withdrawn(sameBalances, 2, 1, 1);
        assertEquals(a.available(2, 1), sameBalances.available(2, 1));
        assertEquals(a.version(2) + 2, sameBalances.version(2));
        assertNotEquals(domain.stateHash(a), domain.stateHash(sameBalances), "same balances, another version");

        final ExchangeState extra = twoAccounts(0);
        opened(extra, 3);
        assertNotEquals(domain.stateHash(a), domain.stateHash(extra), "an extra account, even empty");

        final ExchangeState unowned = domain.newState();
        opened(unowned, 3);
        final ExchangeState owned = domain.newState();
        opened(owned, 3, 42);
        assertEquals(0, unowned.owner(3));
        assertEquals(42, owned.owner(3));
        assertNotEquals(domain.stateHash(unowned), domain.stateHash(owned), "same account, an owner");
        final ExchangeState ownedByAnother = domain.newState();
        opened(ownedByAnother, 3, 43);
        assertNotEquals(domain.stateHash(owned), domain.stateHash(ownedByAnother), "another owner");
        assertNotEquals(domain.stateHash(domain.newState()), domain.stateHash(a));
    }
}
