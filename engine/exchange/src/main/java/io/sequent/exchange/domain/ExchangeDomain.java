package io.sequent.exchange.domain;

import io.sequent.codecs.RejectReason;
import io.sequent.codecs.SchemaDocuments;
import io.sequent.codecs.exchange.AccountOpenedDecoder;
import io.sequent.codecs.exchange.AddInstrumentDecoder;
import io.sequent.codecs.exchange.AmendOrderDecoder;
import io.sequent.codecs.exchange.CancelOrderDecoder;
import io.sequent.codecs.exchange.DepositDecoder;
import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.InstrumentAddedDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OpenAccountDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.codecs.exchange.OrderAmendedDecoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.PlaceOrderDecoder;
import io.sequent.codecs.exchange.TradeExecutedDecoder;
import io.sequent.codecs.exchange.WithdrawDecoder;
import io.sequent.codecs.exchange.WithdrawnDecoder;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.EventAppender;
import io.sequent.engine.domain.StateHasher;
import io.sequent.exchange.book.BookSide;
import io.sequent.exchange.book.Instrument;
import io.sequent.exchange.book.Order;
import io.sequent.exchange.book.PriceLevel;
import org.agrona.DirectBuffer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import io.sequent.exchange.api.ExchangeReasons;

/**
 * The reference exchange domain: accounts with balances per asset, instruments, and limit order books with
 * price-time matching, reservations and settlement. Amounts are scaled longs; overflow is rejected, never wrapped.
 * The flyweights and order objects are reused, so handling a command allocates nothing in the steady state.
 * <p>
 * Account commands are handled by {@link AccountRules} and their events applied here; order commands by
 * {@link OrderRules} (handle side) and {@link OrderBookKeeper} (apply side).
 * <p>
 * Schema version 2 gives every account a version (1 when opened, one more per event that changes it, in the state
 * hash and in snapshots) and the commands that target one account an optional expected version: 0, which is also
 * what a version 1 command decodes to, asks for no check; any other value that is not the account's version is
 * rejected {@link ExchangeReasons#VERSION_CONFLICT} with the current version as the rejection's detail. The version
 * is derived by {@code apply} alone, so a journal written by version 1 replays to the same versions.
 * <p>
 * Schema version 3 gives every accepted command a result (its SBE message, {@code *Result} in the schema, written
 * with {@link EventAppender#claimResult}): the new order's id, status and fills, the balance after a transfer, the
 * account's version after the command. And every account an owner: the client that opened it
 * ({@link EventAppender#clientId()}, carried in {@code AccountOpened}, in the state hash and in snapshots). Commands on
 * an account from any other client are rejected {@link ExchangeReasons#NOT_ACCOUNT_OWNER}; an account opened by a
 * version 1 or 2 event has no owner (0) and stays open to every client, as it was. {@code AddInstrument} is open to
 * every client (there are no roles yet). The check is made in {@code handle} only, so replay never depends on it.
 */
public final class ExchangeDomain implements Domain<ExchangeState>
{
    /**
     * Trades one command may make at most, by default: a sweep of more resting orders is rejected whole
     * ({@link ExchangeReasons#TOO_MANY_FILLS}). A thousand trades are about 100 KiB of events, which the engine's
     * default of 64 event slots of 4 KiB per command holds; a larger limit needs {@code sequent.command.max.slots}
     * raised with it.
     */
    public static final int DEFAULT_MAX_FILLS = 1_000;

    private final int maxAssets;
    private final int maxAccounts;
    private final AccountRules accountRules = new AccountRules();
    private final OrderRules orderRules;
    private final OrderBookKeeper bookKeeper = new OrderBookKeeper();
    private final AddInstrumentDecoder addInstrument = new AddInstrumentDecoder();
    private final PlaceOrderDecoder placeOrder = new PlaceOrderDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
    private final AmendOrderDecoder amendOrder = new AmendOrderDecoder();
    private final InstrumentAddedDecoder instrumentAdded = new InstrumentAddedDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final TradeExecutedDecoder tradeExecuted = new TradeExecutedDecoder();
    private final OrderCancelledDecoder orderCancelled = new OrderCancelledDecoder();
    private final OrderAmendedDecoder orderAmended = new OrderAmendedDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OpenAccountDecoder openAccount = new OpenAccountDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final WithdrawDecoder withdraw = new WithdrawDecoder();
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
        this(maxAssets, maxAccounts, DEFAULT_MAX_FILLS);
    }

    /**
     * @param maxAssets   asset ids are in [0, maxAssets).
     * @param maxAccounts accounts at most.
     * @param maxFills    trades one command may make at most; an order that would make more is rejected
     *                    {@link ExchangeReasons#TOO_MANY_FILLS}, so one command's events fit the event slots one
     *                    command may take.
     */
    public ExchangeDomain(final int maxAssets, final int maxAccounts, final int maxFills)
    {
        ExchangeState.requireLimits(maxAssets, maxAccounts);
        this.maxAssets = maxAssets;
        this.maxAccounts = maxAccounts;
        this.orderRules = new OrderRules(maxFills);
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
    public byte[] eventSchemaXml()
    {
        return SchemaDocuments.read(SchemaDocuments.EXCHANGE);
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
        final int templateId = header.templateId();
        if (blockLength < CommandBlocks.minimumBlockLength(templateId, version))
        {
            // The decoders read fields at fixed offsets: a block shorter than its version's would read past it.
            events.reject(RejectReason.MALFORMED_COMMAND);
            return;
        }
        switch (templateId)
        {
            case OpenAccountDecoder.TEMPLATE_ID ->
            {
                openAccount.wrap(command, bodyOffset, blockLength, version);
                accountRules.openAccount(openAccount.accountId(), state, events);
            }
            case DepositDecoder.TEMPLATE_ID ->
            {
                deposit.wrap(command, bodyOffset, blockLength, version);
                accountRules.deposit(deposit.accountId(), deposit.assetId(), deposit.amount(),
                    deposit.expectedVersion(), state, events);
            }
            case WithdrawDecoder.TEMPLATE_ID ->
            {
                withdraw.wrap(command, bodyOffset, blockLength, version);
                accountRules.withdraw(withdraw.accountId(), withdraw.assetId(), withdraw.amount(),
                    withdraw.expectedVersion(), state, events);
            }
            case PlaceOrderDecoder.TEMPLATE_ID ->
                orderRules.place(placeOrder.wrap(command, bodyOffset, blockLength, version), state, events);
            case CancelOrderDecoder.TEMPLATE_ID ->
                orderRules.cancel(cancelOrder.wrap(command, bodyOffset, blockLength, version), state, events);
            case AmendOrderDecoder.TEMPLATE_ID ->
                orderRules.amend(amendOrder.wrap(command, bodyOffset, blockLength, version), state, events);
            case AddInstrumentDecoder.TEMPLATE_ID ->
                orderRules.addInstrument(addInstrument.wrap(command, bodyOffset, blockLength, version), state, events);
            default -> events.reject(RejectReason.UNKNOWN_COMMAND);
        }
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
                // A version 1 or 2 event has no owner field: it decodes as 0, no owner.
                state.open(accountOpenedDecoder.accountId(), accountOpenedDecoder.ownerClientId());
            }
            case DepositedDecoder.TEMPLATE_ID ->
            {
                // accountVersion (schema v2) is not read: the version follows from the events, so a v1 Deposited,
                // which lacks it, applies exactly as a v2 one does.
                depositedDecoder.wrap(event, bodyOffset, blockLength, version);
                final Account account = state.requireAccount(depositedDecoder.accountId());
                account.available[depositedDecoder.assetId()] += depositedDecoder.amount();
                account.version++;
            }
            case WithdrawnDecoder.TEMPLATE_ID ->
            {
                withdrawnDecoder.wrap(event, bodyOffset, blockLength, version);
                final Account account = state.requireAccount(withdrawnDecoder.accountId());
                account.available[withdrawnDecoder.assetId()] -= withdrawnDecoder.amount();
                account.version++;
            }
            case OrderAcceptedDecoder.TEMPLATE_ID ->
                bookKeeper.orderAccepted(orderAccepted.wrap(event, bodyOffset, blockLength, version), state);
            case TradeExecutedDecoder.TEMPLATE_ID ->
                bookKeeper.tradeExecuted(tradeExecuted.wrap(event, bodyOffset, blockLength, version), state);
            case OrderCancelledDecoder.TEMPLATE_ID ->
                bookKeeper.orderCancelled(orderCancelled.wrap(event, bodyOffset, blockLength, version), state);
            case OrderAmendedDecoder.TEMPLATE_ID ->
                bookKeeper.orderAmended(orderAmended.wrap(event, bodyOffset, blockLength, version), state);
            case InstrumentAddedDecoder.TEMPLATE_ID ->
                bookKeeper.instrumentAdded(instrumentAdded.wrap(event, bodyOffset, blockLength, version), state);
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
            hasher.add(account.version);
            hasher.add(account.owner);
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
        hashBooks(state, hasher);
        return hasher.hash();
    }

    @Override
    public void writeSnapshot(final ExchangeState state, final DataOutput out) throws IOException
    {
        ExchangeSnapshot.write(state, out);
    }

    @Override
    public ExchangeState readSnapshot(final DataInput in) throws IOException
    {
        return ExchangeSnapshot.read(newState(), in);
    }

    private static void hashBooks(final ExchangeState state, final StateHasher hasher)
    {
        hasher.add(state.nextOrderId());
        final int[] ids = new int[state.instrumentCount()];
        int i = 0;
        for (final Instrument instrument : state.instruments().values())
        {
            ids[i++] = instrument.id();
        }
        Arrays.sort(ids);
        for (final int id : ids)
        {
            final Instrument instrument = state.instrument(id);
            hasher.add(id).add(instrument.baseAsset()).add(instrument.quoteAsset())
                .add(instrument.priceTick()).add(instrument.lotSize());
            hashSide(instrument.side(true), hasher);
            hashSide(instrument.side(false), hasher);
        }
    }

    private static void hashSide(final BookSide side, final StateHasher hasher)
    {
        hasher.add(side.levelCount());
        for (int i = 0; i < side.levelCount(); i++)
        {
            final PriceLevel level = side.level(i);
            hasher.add(level.price()).add(level.quantity()).add(level.count());
            for (Order order = level.head(); order != null; order = order.next())
            {
                hasher.add(order.orderId()).add(order.accountId()).add(order.clientOrderId()).add(order.remaining());
            }
        }
    }
}
