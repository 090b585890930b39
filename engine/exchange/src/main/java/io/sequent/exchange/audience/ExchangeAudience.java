package io.sequent.exchange.audience;

import io.sequent.codecs.exchange.AccountOpenedDecoder;
import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.InstrumentAddedDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.codecs.exchange.OrderAcceptedEncoder;
import io.sequent.codecs.exchange.OrderAmendedDecoder;
import io.sequent.codecs.exchange.OrderAmendedEncoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.OrderCancelledEncoder;
import io.sequent.codecs.exchange.TradeExecutedDecoder;
import io.sequent.codecs.exchange.TradeExecutedEncoder;
import io.sequent.codecs.exchange.WithdrawnDecoder;
import io.sequent.codecs.session.SubscriptionScope;
import io.sequent.engine.domain.EventAudience;
import io.sequent.exchange.projection.AccountProjection;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.exchange.projection.OrderView;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.file.Path;

/**
 * Who sees which exchange event in the gateway's subscriptions, and in what form.
 * <ul>
 *     <li>{@link SubscriptionScope#OWN}, a client's execution reports: every event of an account the subscriber
 *     owns ({@code AccountOpened}, {@code Deposited}, {@code Withdrawn}, {@code OrderAccepted}, {@code OrderAmended},
 *     {@code OrderCancelled}, and {@code TradeExecuted} on either side), as journaled, except that a trade's
 *     counterparty account is zeroed when the subscriber does not own it too. The key, when not 0, keeps one account
 *     only. An account without an owner (opened before exchange schema 3) is nobody's own: its events are in scope
 *     ALL only.</li>
 *     <li>{@link SubscriptionScope#MARKET}, anonymous market data by order, from which a client builds its top of
 *     book or depth: {@code InstrumentAdded}, {@code OrderAccepted}, {@code OrderAmended}, {@code OrderCancelled} and
 *     {@code TradeExecuted}, with every account id, client order id and account-specific amount (reservation,
 *     release, the buyer's refund, which would tell the taker's limit) zeroed. Order ids, prices, quantities and
 *     sides stay. The key, when not 0, keeps one instrument only. Account events are not market data.</li>
 * </ul>
 * Owners come from the {@link AccountProjection} and, for a cancel or an amend filtered by instrument (those events
 * do not name it), the order's instrument from the {@link OrderProjection}: both read here through readers of their
 * own, on the gateway's thread. When an event names an account or order that the projection does not hold and the
 * projection has not reached the event's sequence, the answer is {@link #NOT_YET}; once it has, the account or order
 * is one it will never hold (its opening was deleted by retention before the projection existed) and the event is
 * skipped. Allocates nothing per event.
 */
public final class ExchangeAudience implements EventAudience
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    /** {@link #ownership} answer: the subscriber owns the account. */
    private static final int OWNED = 1;
    /** {@link #ownership} answer: another client, or no client, owns it. */
    private static final int NOT_OWNED = 0;
    /** {@link #orderInstrument} answer: the order projection will never hold the order. Outside int32. */
    private static final long NO_ORDER = Long.MIN_VALUE;
    /** {@link #orderInstrument} answer: the order projection has not reached the event yet. Outside int32. */
    private static final long ORDER_NOT_YET = Long.MIN_VALUE + 1;

    private final AccountProjection accounts;
    private final OrderProjection orders;
    private final OrderView order = OrderProjection.newView();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AccountOpenedDecoder accountOpened = new AccountOpenedDecoder();
    private final DepositedDecoder deposited = new DepositedDecoder();
    private final WithdrawnDecoder withdrawn = new WithdrawnDecoder();
    private final InstrumentAddedDecoder instrumentAdded = new InstrumentAddedDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final OrderAmendedDecoder orderAmended = new OrderAmendedDecoder();
    private final OrderCancelledDecoder orderCancelled = new OrderCancelledDecoder();
    private final TradeExecutedDecoder tradeExecuted = new TradeExecutedDecoder();
    private final OrderAcceptedEncoder acceptedView = new OrderAcceptedEncoder();
    private final OrderAmendedEncoder amendedView = new OrderAmendedEncoder();
    private final OrderCancelledEncoder cancelledView = new OrderCancelledEncoder();
    private final TradeExecutedEncoder tradeView = new TradeExecutedEncoder();

    private ExchangeAudience(final AccountProjection accounts, final OrderProjection orders)
    {
        this.accounts = accounts;
        this.orders = orders;
    }

    /**
     * Opens readers of the two projections; the files must exist (the engine creates them when it starts).
     *
     * @param accountsFile the account projection's map.
     * @param ordersFile   the order projection's map.
     * @return the audience, for one thread.
     * @throws IllegalStateException when a projection cannot be opened; it says which and what to do.
     */
    public static ExchangeAudience open(final Path accountsFile, final Path ordersFile)
    {
        final AccountProjection accounts = AccountProjection.open(accountsFile);
        try
        {
            return new ExchangeAudience(accounts, OrderProjection.open(ordersFile));
        }
        catch (final RuntimeException ex)
        {
            accounts.close();
            throw ex;
        }
    }

    @Override
    public boolean supports(final SubscriptionScope scope)
    {
        return scope == SubscriptionScope.OWN || scope == SubscriptionScope.MARKET;
    }

    @Override
    public int view(
        final SubscriptionScope scope,
        final long clientId,
        final long key,
        final long sequence,
        final DirectBuffer event,
        final int offset,
        final int length,
        final MutableDirectBuffer view,
        final int viewOffset)
    {
        if (length < HEADER)
        {
            return SKIP;
        }
        header.wrap(event, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || HEADER + header.blockLength() > length)
        {
            return SKIP;
        }
        if (scope == SubscriptionScope.OWN)
        {
            return ownView(clientId, key, sequence, event, offset, length, view, viewOffset);
        }
        if (scope == SubscriptionScope.MARKET)
        {
            return marketView(key, sequence, event, offset, length, view, viewOffset);
        }
        return SKIP;
    }

    private int ownView(
        final long clientId,
        final long key,
        final long sequence,
        final DirectBuffer event,
        final int offset,
        final int length,
        final MutableDirectBuffer view,
        final int viewOffset)
    {
        final int body = offset + HEADER;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final long accountId;
        switch (header.templateId())
        {
            case AccountOpenedDecoder.TEMPLATE_ID ->
            {
                // The event names its owner itself (0 before schema 3: nobody's).
                accountOpened.wrap(event, body, blockLength, version);
                final long owner = accountOpened.ownerClientId();
                return owner != 0 && owner == clientId && matches(key, accountOpened.accountId()) ?
                    copy(event, offset, length, view, viewOffset) : SKIP;
            }
            case DepositedDecoder.TEMPLATE_ID -> accountId = deposited.wrap(event, body, blockLength, version)
                .accountId();
            case WithdrawnDecoder.TEMPLATE_ID -> accountId = withdrawn.wrap(event, body, blockLength, version)
                .accountId();
            case OrderAcceptedDecoder.TEMPLATE_ID -> accountId = orderAccepted.wrap(event, body, blockLength, version)
                .accountId();
            case OrderAmendedDecoder.TEMPLATE_ID -> accountId = orderAmended.wrap(event, body, blockLength, version)
                .accountId();
            case OrderCancelledDecoder.TEMPLATE_ID -> accountId = orderCancelled.wrap(event, body, blockLength,
                version).accountId();
            case TradeExecutedDecoder.TEMPLATE_ID ->
            {
                return ownTrade(clientId, key, sequence, event, offset, length, view, viewOffset);
            }
            default ->
            {
                return SKIP;
            }
        }
        if (!matches(key, accountId))
        {
            return SKIP;
        }
        final int ownership = ownership(accountId, clientId, sequence);
        return ownership == OWNED ? copy(event, offset, length, view, viewOffset) : ownership;
    }

    private int ownTrade(
        final long clientId,
        final long key,
        final long sequence,
        final DirectBuffer event,
        final int offset,
        final int length,
        final MutableDirectBuffer view,
        final int viewOffset)
    {
        tradeExecuted.wrap(event, offset + HEADER, header.blockLength(), header.version());
        final long maker = tradeExecuted.makerAccountId();
        final long taker = tradeExecuted.takerAccountId();
        final int makerOwnership = ownership(maker, clientId, sequence);
        final int takerOwnership = ownership(taker, clientId, sequence);
        if (makerOwnership == NOT_YET || takerOwnership == NOT_YET)
        {
            return NOT_YET;
        }
        final boolean makerShown = makerOwnership == OWNED && matches(key, maker);
        final boolean takerShown = takerOwnership == OWNED && matches(key, taker);
        if (!makerShown && !takerShown)
        {
            return SKIP;
        }
        final int written = copy(event, offset, length, view, viewOffset);
        tradeView.wrap(view, viewOffset + HEADER);
        // The other side's account is not the subscriber's business.
        if (makerOwnership != OWNED)
        {
            tradeView.makerAccountId(0);
        }
        if (takerOwnership != OWNED)
        {
            tradeView.takerAccountId(0);
        }
        return written;
    }

    /**
     * @return {@link #OWNED}, {@link #NOT_OWNED} or {@link #NOT_YET}.
     */
    private int ownership(final long accountId, final long clientId, final long sequence)
    {
        // The checkpoint first: an entry missing after it was read is missing from everything it covers.
        final long published = accounts.publishedSequence();
        final long owner = accounts.owner(accountId);
        if (owner == AccountProjection.UNKNOWN)
        {
            return published >= sequence ? NOT_OWNED : NOT_YET;
        }
        return owner != 0 && owner == clientId ? OWNED : NOT_OWNED;
    }

    private int marketView(
        final long key,
        final long sequence,
        final DirectBuffer event,
        final int offset,
        final int length,
        final MutableDirectBuffer view,
        final int viewOffset)
    {
        final int body = offset + HEADER;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int viewBody = viewOffset + HEADER;
        switch (header.templateId())
        {
            case InstrumentAddedDecoder.TEMPLATE_ID ->
            {
                instrumentAdded.wrap(event, body, blockLength, version);
                return matches(key, instrumentAdded.instrumentId()) ? copy(event, offset, length, view, viewOffset) :
                    SKIP;
            }
            case OrderAcceptedDecoder.TEMPLATE_ID ->
            {
                orderAccepted.wrap(event, body, blockLength, version);
                if (!matches(key, orderAccepted.instrumentId()))
                {
                    return SKIP;
                }
                final int written = copy(event, offset, length, view, viewOffset);
                acceptedView.wrap(view, viewBody).accountId(0).clientOrderId(0).reserved(0);
                return written;
            }
            case TradeExecutedDecoder.TEMPLATE_ID ->
            {
                tradeExecuted.wrap(event, body, blockLength, version);
                if (!matches(key, tradeExecuted.instrumentId()))
                {
                    return SKIP;
                }
                final int written = copy(event, offset, length, view, viewOffset);
                tradeView.wrap(view, viewBody).makerAccountId(0).takerAccountId(0).buyerRefund(0);
                return written;
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                orderCancelled.wrap(event, body, blockLength, version);
                final long instrument = key == 0 ? 0 : orderInstrument(orderCancelled.orderId(), sequence);
                if (instrument == ORDER_NOT_YET)
                {
                    return NOT_YET;
                }
                if (key != 0 && instrument != key)
                {
                    return SKIP;
                }
                final int written = copy(event, offset, length, view, viewOffset);
                cancelledView.wrap(view, viewBody).accountId(0).released(0);
                return written;
            }
            case OrderAmendedDecoder.TEMPLATE_ID ->
            {
                orderAmended.wrap(event, body, blockLength, version);
                final long instrument = key == 0 ? 0 : orderInstrument(orderAmended.orderId(), sequence);
                if (instrument == ORDER_NOT_YET)
                {
                    return NOT_YET;
                }
                if (key != 0 && instrument != key)
                {
                    return SKIP;
                }
                final int written = copy(event, offset, length, view, viewOffset);
                amendedView.wrap(view, viewBody).accountId(0).reservedDelta(0);
                return written;
            }
            default ->
            {
                return SKIP;
            }
        }
    }

    /**
     * @return the order's instrument; {@link #ORDER_NOT_YET} when the order projection has not reached the event,
     *         {@link #NO_ORDER} when it never will hold the order. Neither is an instrument id.
     */
    private long orderInstrument(final long orderId, final long sequence)
    {
        final long published = orders.publishedSequence();
        if (orders.read(orderId, order))
        {
            return order.getInstrumentId();
        }
        return published >= sequence ? NO_ORDER : ORDER_NOT_YET;
    }

    private static boolean matches(final long key, final long value)
    {
        return key == 0 || key == value;
    }

    private static int copy(
        final DirectBuffer event, final int offset, final int length, final MutableDirectBuffer view,
        final int viewOffset)
    {
        view.putBytes(viewOffset, event, offset, length);
        return length;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(accounts, orders);
    }
}
