package io.sequent.exchange.domain;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * Every command rule and every reject reason of the account slice, driven through handle then apply.
 */
class ExchangeDomainTest
{
    private final DomainFixture fixture = new DomainFixture(new ExchangeDomain(4, 3));
    private final ExchangeDomain domain = fixture.domain;
    private final ExchangeState state = fixture.state;
    private final ExchangeCommands commands = fixture.commands;
    private final UnsafeBuffer command = fixture.command;
    private final RecordingEventAppender events = fixture.events;

    private int execute(final int length)
    {
        return fixture.execute(length);
    }

    @Test
    void openAccount()
    {
        assertEquals(0, execute(commands.openAccount(command, 0, 1)));
        assertEquals(1, events.count());
        assertTrue(state.hasAccount(1));
        assertEquals(ExchangeReasons.ACCOUNT_EXISTS, execute(commands.openAccount(command, 0, 1)));
        assertEquals(ExchangeReasons.INVALID_ACCOUNT_ID, execute(commands.openAccount(command, 0, 0)));
        assertEquals(ExchangeReasons.INVALID_ACCOUNT_ID, execute(commands.openAccount(command, 0, -5)));
        assertEquals(0, execute(commands.openAccount(command, 0, 2)));
        assertEquals(0, execute(commands.openAccount(command, 0, 3)));
        assertEquals(ExchangeReasons.TOO_MANY_ACCOUNTS, execute(commands.openAccount(command, 0, 4)));
        assertEquals(3, state.accountCount());
    }

    @Test
    void deposit()
    {
        execute(commands.openAccount(command, 0, 1));
        assertEquals(0, execute(commands.deposit(command, 0, 1, 2, 500)));
        assertEquals(500, state.available(1, 2));
        assertEquals(ExchangeReasons.UNKNOWN_ACCOUNT, execute(commands.deposit(command, 0, 9, 2, 500)));
        assertEquals(ExchangeReasons.UNKNOWN_ASSET, execute(commands.deposit(command, 0, 1, 4, 500)));
        assertEquals(ExchangeReasons.UNKNOWN_ASSET, execute(commands.deposit(command, 0, 1, -1, 500)));
        assertEquals(ExchangeReasons.NON_POSITIVE_AMOUNT, execute(commands.deposit(command, 0, 1, 2, 0)));
        assertEquals(ExchangeReasons.NON_POSITIVE_AMOUNT, execute(commands.deposit(command, 0, 1, 2, -1)));
        assertEquals(ExchangeReasons.ARITHMETIC_OVERFLOW,
            execute(commands.deposit(command, 0, 1, 2, Long.MAX_VALUE - 499)));
        assertEquals(0, execute(commands.deposit(command, 0, 1, 2, Long.MAX_VALUE - 500)));
        assertEquals(Long.MAX_VALUE, state.available(1, 2));
    }

    @Test
    void withdraw()
    {
        execute(commands.openAccount(command, 0, 1));
        execute(commands.deposit(command, 0, 1, 0, 100));
        assertEquals(ExchangeReasons.INSUFFICIENT_FUNDS, execute(commands.withdraw(command, 0, 1, 0, 101)));
        assertEquals(100, state.available(1, 0));
        assertEquals(0, execute(commands.withdraw(command, 0, 1, 0, 100)));
        assertEquals(0, state.available(1, 0));
        assertEquals(ExchangeReasons.UNKNOWN_ACCOUNT, execute(commands.withdraw(command, 0, 2, 0, 1)));
        assertEquals(ExchangeReasons.UNKNOWN_ASSET, execute(commands.withdraw(command, 0, 1, 7, 1)));
        assertEquals(ExchangeReasons.NON_POSITIVE_AMOUNT, execute(commands.withdraw(command, 0, 1, 0, 0)));
    }

    @Test
    void anUnknownTemplateIsRejectedAndAnUnknownEventIsFatal()
    {
        final int length = commands.deposit(command, 0, 1, 0, 1);
        command.putShort(2, (short)55);
        assertEquals(RejectReason.UNKNOWN_COMMAND, execute(length));
        assertThrows(IllegalStateException.class, () -> domain.apply(command, 0, length, state));
    }

    @Test
    void theStateHashDependsOnContentNotHistory()
    {
        final ExchangeState a = domain.newState();
        final ExchangeState b = domain.newState();
        final RecordingEventAppender sink = new RecordingEventAppender();
        apply(a, sink, commands.openAccount(command, 0, 1));
        apply(a, sink, commands.openAccount(command, 0, 2));
        apply(a, sink, commands.deposit(command, 0, 1, 0, 10));
        apply(a, sink, commands.deposit(command, 0, 2, 1, 20));

        // The same events per account (account versions are state since schema 2), interleaved differently.
        apply(b, sink, commands.openAccount(command, 0, 2));
        apply(b, sink, commands.openAccount(command, 0, 1));
        apply(b, sink, commands.deposit(command, 0, 1, 0, 10));
        assertNotEquals(domain.stateHash(a), domain.stateHash(b));
        apply(b, sink, commands.deposit(command, 0, 2, 1, 20));
        assertEquals(domain.stateHash(a), domain.stateHash(b));
        assertEquals(10, b.totalBalance(0));
        assertEquals(20, b.totalBalance(1));
    }

    private void apply(final ExchangeState target, final RecordingEventAppender sink, final int length)
    {
        sink.reset();
        domain.handle(command, 0, length, target, sink);
        assertEquals(0, sink.reason());
        sink.applyTo(domain, target);
    }
}
