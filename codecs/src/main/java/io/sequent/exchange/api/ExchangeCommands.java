package io.sequent.exchange.api;

import io.sequent.codecs.exchange.AddInstrumentEncoder;
import io.sequent.codecs.exchange.AmendOrderEncoder;
import io.sequent.codecs.exchange.CancelOrderEncoder;
import io.sequent.codecs.exchange.DepositEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OpenAccountEncoder;
import io.sequent.codecs.exchange.PlaceOrderEncoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.codecs.exchange.WithdrawEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the exchange's commands (SBE header and body, the schema's current version) for clients. Reuses its
 * flyweights: one instance per thread, no allocation per command.
 * <p>
 * The commands that target one account take an optional expected version (optimistic concurrency): the command is
 * rejected {@link ExchangeReasons#VERSION_CONFLICT}, with the account's current version as the detail, unless the
 * account is at that version. {@link #NO_VERSION_CHECK} asks for no check; the overloads without the parameter
 * write it.
 */
public final class ExchangeCommands
{
    /** The expected version that asks for no check (the SBE null value of {@code AccountVersion}). */
    public static final long NO_VERSION_CHECK = 0;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OpenAccountEncoder openAccount = new OpenAccountEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final WithdrawEncoder withdraw = new WithdrawEncoder();
    private final AddInstrumentEncoder addInstrument = new AddInstrumentEncoder();
    private final PlaceOrderEncoder placeOrder = new PlaceOrderEncoder();
    private final CancelOrderEncoder cancelOrder = new CancelOrderEncoder();
    private final AmendOrderEncoder amendOrder = new AmendOrderEncoder();

    /**
     * @param buffer    to write to.
     * @param offset    where the command starts.
     * @param accountId account to open, positive.
     * @return the command's length.
     */
    public int openAccount(final MutableDirectBuffer buffer, final int offset, final long accountId)
    {
        openAccount.wrapAndApplyHeader(buffer, offset, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + openAccount.encodedLength();
    }

    /**
     * @param buffer    to write to.
     * @param offset    where the command starts.
     * @param accountId account to credit.
     * @param assetId   asset.
     * @param amount    scaled amount, positive.
     * @return the command's length.
     */
    public int deposit(
        final MutableDirectBuffer buffer, final int offset, final long accountId, final int assetId, final long amount)
    {
        return deposit(buffer, offset, accountId, assetId, amount, NO_VERSION_CHECK);
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the command starts.
     * @param accountId       account to credit.
     * @param assetId         asset.
     * @param amount          scaled amount, positive.
     * @param expectedVersion the account's version the client last saw, or {@link #NO_VERSION_CHECK}.
     * @return the command's length.
     */
    public int deposit(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final int assetId,
        final long amount,
        final long expectedVersion)
    {
        deposit.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .assetId(assetId)
            .amount(amount)
            .expectedVersion(expectedVersion);
        return MessageHeaderEncoder.ENCODED_LENGTH + deposit.encodedLength();
    }

    /**
     * @param buffer    to write to.
     * @param offset    where the command starts.
     * @param accountId account to debit.
     * @param assetId   asset.
     * @param amount    scaled amount, positive, at most the available balance.
     * @return the command's length.
     */
    public int withdraw(
        final MutableDirectBuffer buffer, final int offset, final long accountId, final int assetId, final long amount)
    {
        return withdraw(buffer, offset, accountId, assetId, amount, NO_VERSION_CHECK);
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the command starts.
     * @param accountId       account to debit.
     * @param assetId         asset.
     * @param amount          scaled amount, positive, at most the available balance.
     * @param expectedVersion the account's version the client last saw, or {@link #NO_VERSION_CHECK}.
     * @return the command's length.
     */
    public int withdraw(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final int assetId,
        final long amount,
        final long expectedVersion)
    {
        withdraw.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .assetId(assetId)
            .amount(amount)
            .expectedVersion(expectedVersion);
        return MessageHeaderEncoder.ENCODED_LENGTH + withdraw.encodedLength();
    }

    /**
     * @param buffer       to write to.
     * @param offset       where the command starts.
     * @param instrumentId new instrument's id.
     * @param baseAsset    asset traded.
     * @param quoteAsset   asset prices are in.
     * @param priceTick    prices are multiples of this.
     * @param lotSize      quantities are multiples of this.
     * @return the command's length.
     */
    public int addInstrument(
        final MutableDirectBuffer buffer,
        final int offset,
        final int instrumentId,
        final int baseAsset,
        final int quoteAsset,
        final long priceTick,
        final long lotSize)
    {
        addInstrument.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .baseAsset(baseAsset)
            .quoteAsset(quoteAsset)
            .priceTick(priceTick)
            .lotSize(lotSize);
        return MessageHeaderEncoder.ENCODED_LENGTH + addInstrument.encodedLength();
    }

    /**
     * @param buffer        to write to.
     * @param offset        where the command starts.
     * @param accountId     account placing the order.
     * @param clientOrderId the client's id, unique among the account's live orders.
     * @param instrumentId  market.
     * @param side          BUY or SELL.
     * @param timeInForce   GTC or IOC.
     * @param price         limit price, quote per base unit.
     * @param quantity      base units.
     * @return the command's length.
     */
    public int placeOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final TimeInForce timeInForce,
        final long price,
        final long quantity)
    {
        return placeOrder(buffer, offset, accountId, clientOrderId, instrumentId, side, timeInForce, price, quantity,
            NO_VERSION_CHECK);
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the command starts.
     * @param accountId       account placing the order.
     * @param clientOrderId   the client's id, unique among the account's live orders.
     * @param instrumentId    market.
     * @param side            BUY or SELL.
     * @param timeInForce     GTC or IOC.
     * @param price           limit price, quote per base unit.
     * @param quantity        base units.
     * @param expectedVersion the account's version the client last saw, or {@link #NO_VERSION_CHECK}.
     * @return the command's length.
     */
    public int placeOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final TimeInForce timeInForce,
        final long price,
        final long quantity,
        final long expectedVersion)
    {
        placeOrder.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .side(side)
            .timeInForce(timeInForce)
            .price(price)
            .quantity(quantity)
            .expectedVersion(expectedVersion);
        return MessageHeaderEncoder.ENCODED_LENGTH + placeOrder.encodedLength();
    }

    /**
     * @param buffer    to write to.
     * @param offset    where the command starts.
     * @param accountId owner of the order.
     * @param orderId   the engine's id of the order.
     * @return the command's length.
     */
    public int cancelOrder(final MutableDirectBuffer buffer, final int offset, final long accountId, final long orderId)
    {
        return cancelOrder(buffer, offset, accountId, orderId, NO_VERSION_CHECK);
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the command starts.
     * @param accountId       owner of the order.
     * @param orderId         the engine's id of the order.
     * @param expectedVersion the account's version the client last saw, or {@link #NO_VERSION_CHECK}.
     * @return the command's length.
     */
    public int cancelOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final long orderId,
        final long expectedVersion)
    {
        cancelOrder.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .orderId(orderId)
            .expectedVersion(expectedVersion);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancelOrder.encodedLength();
    }

    /**
     * @param buffer      to write to.
     * @param offset      where the command starts.
     * @param accountId   owner of the order.
     * @param orderId     the engine's id of the order.
     * @param newPrice    new limit price.
     * @param newQuantity new open quantity.
     * @return the command's length.
     */
    public int amendOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final long orderId,
        final long newPrice,
        final long newQuantity)
    {
        return amendOrder(buffer, offset, accountId, orderId, newPrice, newQuantity, NO_VERSION_CHECK);
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the command starts.
     * @param accountId       owner of the order.
     * @param orderId         the engine's id of the order.
     * @param newPrice        new limit price.
     * @param newQuantity     new open quantity.
     * @param expectedVersion the account's version the client last saw, or {@link #NO_VERSION_CHECK}.
     * @return the command's length.
     */
    public int amendOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final long orderId,
        final long newPrice,
        final long newQuantity,
        final long expectedVersion)
    {
        amendOrder.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .orderId(orderId)
            .newPrice(newPrice)
            .newQuantity(newQuantity)
            .expectedVersion(expectedVersion);
        return MessageHeaderEncoder.ENCODED_LENGTH + amendOrder.encodedLength();
    }
}
