package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.AccountOpenedDecoder;
import io.sequent.codecs.exchange.AccountOpenedEncoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static io.sequent.exchange.api.ExchangeReasons.NOT_ACCOUNT_OWNER;
import static io.sequent.exchange.api.ExchangeReasons.UNKNOWN_ACCOUNT;
import static io.sequent.exchange.api.ExchangeReasons.VERSION_CONFLICT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * An account belongs to the client that opened it (exchange schema 3): its every command from another client is
 * rejected NOT_ACCOUNT_OWNER, before the version check; an account with no owner (opened by a version 1 or 2
 * event) stays open to all; the owner is in the state hash and survives a snapshot, and a format 2 snapshot reads
 * with no owners.
 */
class AccountOwnershipTest
{
    private static final int BTC = 1;
    private static final int USD = 2;
    private static final int MARKET = 7;
    private static final long ALICE = 11;
    private static final long MALLORY = 12;

    private final DomainFixture fixture = new DomainFixture(new ExchangeDomain(4, 100));
    private final ExchangeState state = fixture.state;
    private final ExchangeCommands commands = fixture.commands;

    @BeforeEach
    void aliceOpensAndFundsAccount1()
    {
        fixture.asClient(ALICE);
        assertEquals(0, fixture.execute(commands.addInstrument(fixture.command, 0, MARKET, BTC, USD, 1, 1)));
        assertEquals(0, fixture.execute(commands.openAccount(fixture.command, 0, 1)));
        assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, 1, USD, 10_000)));
        assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, 1, BTC, 100)));
        assertEquals(0, fixture.execute(commands.placeOrder(fixture.command, 0, 1, 1, MARKET, Side.BUY,
            TimeInForce.GTC, 10, 10)));
    }

    @Test
    void theOpenerIsTheOwnerInTheEventAndTheState()
    {
        assertEquals(0, fixture.execute(commands.openAccount(fixture.command, 0, 2)));
        final AccountOpenedDecoder opened = new AccountOpenedDecoder().wrap(fixture.events.buffer(),
            fixture.events.offset(0) + MessageHeaderDecoder.ENCODED_LENGTH, AccountOpenedDecoder.BLOCK_LENGTH,
            AccountOpenedDecoder.SCHEMA_VERSION);
        assertEquals(ALICE, opened.ownerClientId());
        assertEquals(ALICE, state.owner(2));
        assertEquals(0, state.owner(99), "not open");
    }

    @Test
    void everyCommandOnAnAccountFromAnotherClientIsRejectedAndChangesNothing()
    {
        final long orderId = state.nextOrderId() - 1;
        final long version = state.version(1);
        fixture.asClient(MALLORY);
        assertEquals(NOT_ACCOUNT_OWNER, fixture.execute(commands.deposit(fixture.command, 0, 1, USD, 5)));
        assertEquals(NOT_ACCOUNT_OWNER, fixture.execute(commands.withdraw(fixture.command, 0, 1, USD, 5)));
        assertEquals(NOT_ACCOUNT_OWNER, fixture.execute(commands.placeOrder(fixture.command, 0, 1, 2, MARKET,
            Side.SELL, TimeInForce.GTC, 20, 1)));
        assertEquals(NOT_ACCOUNT_OWNER, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, orderId)));
        assertEquals(NOT_ACCOUNT_OWNER, fixture.execute(commands.amendOrder(fixture.command, 0, 1, orderId, 11, 10)));
        // Before the version check: a stranger does not learn the account's version from a conflict.
        assertEquals(NOT_ACCOUNT_OWNER, fixture.execute(commands.deposit(fixture.command, 0, 1, USD, 5, 999)));
        assertEquals(0, fixture.events.detail());
        assertEquals(UNKNOWN_ACCOUNT, fixture.execute(commands.deposit(fixture.command, 0, 99, USD, 5)));
        assertEquals(version, state.version(1));
        assertEquals(10, state.openQuantity(orderId));

        // Mallory's own account is Mallory's.
        assertEquals(0, fixture.execute(commands.openAccount(fixture.command, 0, 2)));
        assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, 2, BTC, 5)));
        fixture.asClient(ALICE);
        assertEquals(NOT_ACCOUNT_OWNER, fixture.execute(commands.deposit(fixture.command, 0, 2, BTC, 5)));
        assertEquals(VERSION_CONFLICT, fixture.execute(commands.deposit(fixture.command, 0, 1, USD, 5, 999)),
            "the owner gets the version check");
        assertEquals(0, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, orderId)));
    }

    @Test
    void anAccountWithoutAnOwnerStaysOpenToEveryClient()
    {
        // As a version 2 journal opens it: no owner field.
        final UnsafeBuffer event = new UnsafeBuffer(new byte[64]);
        new AccountOpenedEncoder().wrapAndApplyHeader(event, 0, new MessageHeaderEncoder()).accountId(3);
        event.putShort(0, (short)AccountOpenedEncoder.ownerClientIdEncodingOffset());
        event.putShort(6, (short)2);
        fixture.domain.apply(event, 0, MessageHeaderEncoder.ENCODED_LENGTH +
            AccountOpenedEncoder.ownerClientIdEncodingOffset(), state);
        assertEquals(0, state.owner(3));

        fixture.asClient(MALLORY);
        assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, 3, BTC, 5)));
        fixture.asClient(ALICE);
        assertEquals(0, fixture.execute(commands.withdraw(fixture.command, 0, 3, BTC, 5)));
    }

    @Test
    void theOwnerIsInTheHashAndTheSnapshotAndAFormat2SnapshotHasNoOwners() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fixture.domain.writeSnapshot(state, new DataOutputStream(bytes));
        final ExchangeState copy = fixture.domain.readSnapshot(
            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(ALICE, copy.owner(1));
        assertEquals(fixture.domain.stateHash(state), fixture.domain.stateHash(copy));

        final ExchangeState withoutOwners = fixture.domain.readSnapshot(
            new DataInputStream(new ByteArrayInputStream(format2(bytes.toByteArray()))));
        assertEquals(0, withoutOwners.owner(1));
        assertEquals(state.version(1), withoutOwners.version(1));
        assertEquals(state.available(1, USD), withoutOwners.available(1, USD));
        assertEquals(state.orderCount(), withoutOwners.orderCount());
        assertNotEquals(fixture.domain.stateHash(state), fixture.domain.stateHash(withoutOwners), "only the owner");
    }

    /**
     * The snapshot as format 2 wrote it: the format number 2 and no owner after each account's version. This state
     * has one account, so the owner is the 8 bytes after format, assets, next order id, count, id and version.
     */
    private static byte[] format2(final byte[] format3)
    {
        final int ownerAt = 4 + 4 + 8 + 4 + 8 + 8;
        final byte[] format2 = new byte[format3.length - 8];
        System.arraycopy(format3, 0, format2, 0, ownerAt);
        System.arraycopy(format3, ownerAt + 8, format2, ownerAt, format3.length - ownerAt - 8);
        format2[3] = 2;
        return format2;
    }
}
