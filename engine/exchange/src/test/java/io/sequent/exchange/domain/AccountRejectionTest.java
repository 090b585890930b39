package io.sequent.exchange.domain;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * Every reject reason of the account commands, with its exact code, and what a rejection must not do: emit an
 * event, or change the state in handle.
 */
class AccountRejectionTest
{
    private static final int ASSETS = 4;
    private static final int MAX_ACCOUNTS = 3;

    private final ExchangeDomain domain = new ExchangeDomain(ASSETS, MAX_ACCOUNTS);
    private final ExchangeState state = domain.newState();
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
    private final RecordingEventAppender events = new RecordingEventAppender();

    @BeforeEach
    void openAccountOneWithFunds()
    {
        accept(commands.openAccount(command, 0, 1));
        accept(commands.deposit(command, 0, 1, 2, 100));
    }

    private void accept(final int length)
    {
        events.reset();
        domain.handle(command, 0, length, state, events);
        assertEquals(0, events.reason(), ExchangeReasons.name(events.reason()));
        events.applyTo(domain, state);
    }

    private void assertRejected(final int expectedReason, final int length)
    {
        final long before = domain.stateHash(state);
        events.reset();
        domain.handle(command, 0, length, state, events);
        assertEquals(ExchangeReasons.name(expectedReason), ExchangeReasons.name(events.reason()));
        assertEquals(expectedReason, events.reason());
        assertTrue(events.count() == 0, "a rejected account command emits nothing");
        assertEquals(before, domain.stateHash(state), "handle never changes the state");
        assertEquals(100, state.available(1, 2));
    }

    @Test
    void openAccountRejections()
    {
        assertRejected(ExchangeReasons.INVALID_ACCOUNT_ID, commands.openAccount(command, 0, 0));
        assertRejected(ExchangeReasons.INVALID_ACCOUNT_ID, commands.openAccount(command, 0, Long.MIN_VALUE));
        assertRejected(ExchangeReasons.ACCOUNT_EXISTS, commands.openAccount(command, 0, 1));
        accept(commands.openAccount(command, 0, 2));
        accept(commands.openAccount(command, 0, Long.MAX_VALUE));
        assertRejected(ExchangeReasons.TOO_MANY_ACCOUNTS, commands.openAccount(command, 0, 4));
        assertRejected(ExchangeReasons.ACCOUNT_EXISTS, commands.openAccount(command, 0, 2));
        assertEquals(MAX_ACCOUNTS, state.accountCount());
    }

    @Test
    void depositRejections()
    {
        assertRejected(ExchangeReasons.UNKNOWN_ACCOUNT, commands.deposit(command, 0, 2, 2, 1));
        assertRejected(ExchangeReasons.UNKNOWN_ASSET, commands.deposit(command, 0, 1, ASSETS, 1));
        assertRejected(ExchangeReasons.UNKNOWN_ASSET, commands.deposit(command, 0, 1, -1, 1));
        assertRejected(ExchangeReasons.NON_POSITIVE_AMOUNT, commands.deposit(command, 0, 1, 2, 0));
        assertRejected(ExchangeReasons.NON_POSITIVE_AMOUNT, commands.deposit(command, 0, 1, 2, Long.MIN_VALUE));
        assertRejected(ExchangeReasons.ARITHMETIC_OVERFLOW, commands.deposit(command, 0, 1, 2, Long.MAX_VALUE));
        assertRejected(ExchangeReasons.ARITHMETIC_OVERFLOW, commands.deposit(command, 0, 1, 2, Long.MAX_VALUE - 99));
    }

    @Test
    void withdrawRejections()
    {
        assertRejected(ExchangeReasons.UNKNOWN_ACCOUNT, commands.withdraw(command, 0, 2, 2, 1));
        assertRejected(ExchangeReasons.UNKNOWN_ASSET, commands.withdraw(command, 0, 1, ASSETS, 1));
        assertRejected(ExchangeReasons.UNKNOWN_ASSET, commands.withdraw(command, 0, 1, Integer.MIN_VALUE, 1));
        assertRejected(ExchangeReasons.NON_POSITIVE_AMOUNT, commands.withdraw(command, 0, 1, 2, 0));
        assertRejected(ExchangeReasons.NON_POSITIVE_AMOUNT, commands.withdraw(command, 0, 1, 2, -1));
        assertRejected(ExchangeReasons.INSUFFICIENT_FUNDS, commands.withdraw(command, 0, 1, 2, 101));
        assertRejected(ExchangeReasons.INSUFFICIENT_FUNDS, commands.withdraw(command, 0, 1, 0, 1));
        assertRejected(ExchangeReasons.INSUFFICIENT_FUNDS, commands.withdraw(command, 0, 1, 2, Long.MAX_VALUE));
    }

    @Test
    void checksComeInTheDocumentedOrder()
    {
        // unknown account before unknown asset before non-positive amount
        assertRejected(ExchangeReasons.UNKNOWN_ACCOUNT, commands.deposit(command, 0, 9, ASSETS, -1));
        assertRejected(ExchangeReasons.UNKNOWN_ASSET, commands.withdraw(command, 0, 1, ASSETS, -1));
        // a non-positive amount is not reported as insufficient funds
        assertRejected(ExchangeReasons.NON_POSITIVE_AMOUNT, commands.withdraw(command, 0, 1, 0, 0));
    }

    @Test
    void anUnknownTemplateIsAnEngineReason()
    {
        final int length = commands.deposit(command, 0, 1, 2, 1);
        command.putShort(2, (short)99); // templateId in the header
        assertRejected(RejectReason.UNKNOWN_COMMAND, length);
    }

    @Test
    void acceptedCommandsApplyTheirBalances()
    {
        accept(commands.deposit(command, 0, 1, 2, Long.MAX_VALUE - 100));
        assertEquals(Long.MAX_VALUE, state.available(1, 2));
        accept(commands.withdraw(command, 0, 1, 2, Long.MAX_VALUE));
        assertEquals(0, state.available(1, 2));
        assertEquals(0, state.reserved(1, 2));
        assertEquals(0, state.totalBalance(2));
    }
}
