package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.exchange.api.ExchangeCommands;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static io.sequent.exchange.api.ExchangeCommands.NO_VERSION_CHECK;
import static io.sequent.exchange.api.ExchangeReasons.UNKNOWN_ACCOUNT;
import static io.sequent.exchange.api.ExchangeReasons.VERSION_CONFLICT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * Account versions (schema version 2): which events move them, and the optimistic concurrency rule on the five
 * commands that target one account: an expected version that is not the account's is rejected
 * {@code VERSION_CONFLICT} with the current version as the detail, and changes nothing; 0 asks for no check.
 */
class AccountVersionTest
{
    private static final int BTC = 1;
    private static final int USD = 2;
    private static final int MARKET = 7;

    private final DomainFixture fixture = new DomainFixture(new ExchangeDomain(4, 100));
    private final ExchangeState state = fixture.state;
    private final ExchangeCommands commands = fixture.commands;

    @BeforeEach
    void market()
    {
        assertEquals(0, fixture.execute(commands.addInstrument(fixture.command, 0, MARKET, BTC, USD, 1, 1)));
        for (long account = 1; account <= 2; account++)
        {
            assertEquals(0, fixture.execute(commands.openAccount(fixture.command, 0, account)));
            assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, account, BTC, 1_000)));
            assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, account, USD, 100_000)));
        }
    }

    private int place(final long account, final Side side, final long price, final long quantity, final long expected)
    {
        return fixture.execute(commands.placeOrder(fixture.command, 0, account, state.nextOrderId(), MARKET, side,
            TimeInForce.GTC, price, quantity, expected));
    }

    private void assertConflict(final long account, final int length)
    {
        final long version = state.version(account);
        final long hash = fixture.domain.stateHash(state);
        assertEquals(ExchangeReasons.name(VERSION_CONFLICT), ExchangeReasons.name(fixture.execute(length)));
        assertEquals(version, fixture.events.detail(), "the detail is the account's current version");
        assertEquals(0, fixture.events.count());
        assertEquals(hash, fixture.domain.stateHash(state));
        assertEquals(version, state.version(account));
    }

    @Test
    void everyEventThatChangesAnAccountMovesItsVersionByOne()
    {
        assertEquals(3, state.version(1), "opened, then two deposits");
        assertEquals(0, state.version(99), "not open");
        assertEquals(0, fixture.execute(commands.withdraw(fixture.command, 0, 1, USD, 10)));
        assertEquals(4, state.version(1));

        assertEquals(0, place(1, Side.SELL, 100, 5, NO_VERSION_CHECK));
        assertEquals(5, state.version(1), "OrderAccepted");
        final long resting = state.nextOrderId() - 1;
        assertEquals(0, fixture.execute(commands.amendOrder(fixture.command, 0, 1, resting, 101, 5)));
        assertEquals(6, state.version(1), "OrderAmended");

        // Account 2 buys 2 at 101: OrderAccepted (2 +1), TradeExecuted (both +1).
        assertEquals(0, place(2, Side.BUY, 101, 2, NO_VERSION_CHECK));
        assertEquals(7, state.version(1));
        assertEquals(5, state.version(2));

        assertEquals(0, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, resting)));
        assertEquals(8, state.version(1), "OrderCancelled");
        assertEquals(5, state.version(2));
    }

    @Test
    void aTradeOfAnAccountWithItselfMovesItsVersionOncePerEvent()
    {
        assertEquals(0, place(1, Side.SELL, 100, 5, NO_VERSION_CHECK));
        assertEquals(4, state.version(1));
        assertEquals(0, place(1, Side.BUY, 100, 5, NO_VERSION_CHECK));
        assertEquals(6, state.version(1), "OrderAccepted, then one TradeExecuted");
    }

    @Test
    void aStaleExpectedVersionIsRejectedWithTheCurrentVersionOnEveryAccountCommand()
    {
        assertEquals(0, place(1, Side.SELL, 100, 5, NO_VERSION_CHECK));
        final long order = state.nextOrderId() - 1;
        final long current = state.version(1);
        assertEquals(4, current);
        for (final long stale : new long[] { current - 1, current + 1, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE })
        {
            assertConflict(1, commands.deposit(fixture.command, 0, 1, USD, 1, stale));
            assertConflict(1, commands.withdraw(fixture.command, 0, 1, USD, 1, stale));
            assertConflict(1, commands.placeOrder(fixture.command, 0, 1, 99, MARKET, Side.BUY, TimeInForce.GTC,
                90, 1, stale));
            assertConflict(1, commands.cancelOrder(fixture.command, 0, 1, order, stale));
            assertConflict(1, commands.amendOrder(fixture.command, 0, 1, order, 100, 4, stale));
        }
        assertEquals(5, state.openQuantity(order), "no command went ahead");
    }

    @Test
    void theCurrentVersionGoesAheadAndMovesTheVersion()
    {
        assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, 1, USD, 1, 3)));
        assertEquals(0, fixture.execute(commands.withdraw(fixture.command, 0, 1, USD, 1, 4)));
        assertEquals(0, place(1, Side.SELL, 100, 5, 5));
        final long order = state.nextOrderId() - 1;
        assertEquals(0, fixture.execute(commands.amendOrder(fixture.command, 0, 1, order, 100, 4, 6)));
        assertEquals(4, state.openQuantity(order));
        // A second command sent against the same version loses: the first one moved it.
        assertConflict(1, commands.amendOrder(fixture.command, 0, 1, order, 100, 3, 6));
        assertEquals(0, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, order, 7)));
        assertEquals(8, state.version(1));
        assertEquals(0, state.openQuantity(order));
    }

    @Test
    void zeroAsksForNoCheck()
    {
        assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, 1, USD, 1, 0)));
        assertEquals(0, fixture.execute(commands.withdraw(fixture.command, 0, 1, USD, 1, 0)));
        assertEquals(0, place(1, Side.SELL, 100, 5, 0));
        final long order = state.nextOrderId() - 1;
        assertEquals(0, fixture.execute(commands.amendOrder(fixture.command, 0, 1, order, 100, 4, 0)));
        assertEquals(0, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, order, 0)));
        assertEquals(8, state.version(1));
    }

    @Test
    void anUnknownAccountIsReportedBeforeAnyVersionConflict()
    {
        assertEquals(UNKNOWN_ACCOUNT, fixture.execute(commands.deposit(fixture.command, 0, 42, USD, 1, 5)));
        assertEquals(UNKNOWN_ACCOUNT, fixture.execute(commands.cancelOrder(fixture.command, 0, 42, 1, 5)));
        assertEquals(0, fixture.events.detail());
    }

    @Test
    void depositedCarriesTheAccountVersionAfterIt()
    {
        assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, 2, BTC, 1)));
        assertEquals(1, fixture.events.count());
        final DepositedDecoder deposited = new DepositedDecoder().wrap(fixture.events.buffer(),
            fixture.events.offset(0) + MessageHeaderDecoder.ENCODED_LENGTH, DepositedDecoder.BLOCK_LENGTH,
            DepositedDecoder.SCHEMA_VERSION);
        assertEquals(state.version(2), deposited.accountVersion());
        assertEquals(4, deposited.accountVersion());
    }

    @Test
    void versionsAreInTheStateHashAndSurviveASnapshot() throws IOException
    {
        assertEquals(0, place(1, Side.SELL, 100, 5, NO_VERSION_CHECK));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fixture.domain.writeSnapshot(state, new DataOutputStream(bytes));
        final ExchangeState copy = fixture.domain.readSnapshot(
            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(state.version(1), copy.version(1));
        assertEquals(state.version(2), copy.version(2));
        assertEquals(fixture.domain.stateHash(state), fixture.domain.stateHash(copy));

        // Only the version differs: the hash must tell.
        copy.account(2).version++;
        assertNotEquals(fixture.domain.stateHash(state), fixture.domain.stateHash(copy));
    }

    @Test
    void aFormat1SnapshotHasNoVersionsAndIsRefused() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fixture.domain.writeSnapshot(state, new DataOutputStream(bytes));
        final byte[] format1 = bytes.toByteArray();
        format1[3] = 1;
        final IOException refused = assertThrows(IOException.class, () -> fixture.domain.readSnapshot(
            new DataInputStream(new ByteArrayInputStream(format1))));
        assertTrue(refused.getMessage().contains("no account versions"), refused.getMessage());
    }
}
