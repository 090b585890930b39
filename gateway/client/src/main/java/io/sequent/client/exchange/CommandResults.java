package io.sequent.client.exchange;

import io.sequent.codecs.exchange.AddInstrumentResultDecoder;
import io.sequent.codecs.exchange.AmendOrderResultDecoder;
import io.sequent.codecs.exchange.BooleanType;
import io.sequent.codecs.exchange.CancelOrderResultDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OpenAccountResultDecoder;
import io.sequent.codecs.exchange.PlaceOrderResultDecoder;
import io.sequent.codecs.exchange.TransferResultDecoder;
import org.agrona.DirectBuffer;

/**
 * Reads the exchange's command results (the {@code *Result} messages of its schema, carried in a command's
 * response): into the {@link ExchangeListener}'s callbacks without allocating, or into a result record for a future.
 * Its flyweights are reused: one instance per client, on the client's thread.
 */
final class CommandResults
{
    /** {@link #template} answer for a result this client cannot read (none, another schema, too short). */
    static final int NONE = -1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OpenAccountResultDecoder openAccount = new OpenAccountResultDecoder();
    private final TransferResultDecoder transfer = new TransferResultDecoder();
    private final AddInstrumentResultDecoder addInstrument = new AddInstrumentResultDecoder();
    private final PlaceOrderResultDecoder placeOrder = new PlaceOrderResultDecoder();
    private final CancelOrderResultDecoder cancelOrder = new CancelOrderResultDecoder();
    private final AmendOrderResultDecoder amendOrder = new AmendOrderResultDecoder();

    /**
     * Reads the result's header, for the other methods.
     *
     * @return the result's template id, or {@link #NONE}.
     */
    int template(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return NONE;
        }
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() > length ||
            header.blockLength() < minimumBlockLength(templateId))
        {
            return NONE;
        }
        return templateId;
    }

    private static int minimumBlockLength(final int templateId)
    {
        return switch (templateId)
        {
            case OpenAccountResultDecoder.TEMPLATE_ID -> OpenAccountResultDecoder.BLOCK_LENGTH;
            case TransferResultDecoder.TEMPLATE_ID -> TransferResultDecoder.BLOCK_LENGTH;
            case AddInstrumentResultDecoder.TEMPLATE_ID -> AddInstrumentResultDecoder.BLOCK_LENGTH;
            case PlaceOrderResultDecoder.TEMPLATE_ID -> PlaceOrderResultDecoder.BLOCK_LENGTH;
            case CancelOrderResultDecoder.TEMPLATE_ID -> CancelOrderResultDecoder.BLOCK_LENGTH;
            case AmendOrderResultDecoder.TEMPLATE_ID -> AmendOrderResultDecoder.BLOCK_LENGTH;
            default -> Integer.MAX_VALUE;
        };
    }

    /**
     * Hands an accepted command's result to the listener, decoded.
     *
     * @return false when this client cannot read the result (the caller reports the command accepted without it).
     */
    boolean dispatch(
        final ExchangeListener listener,
        final long correlationId,
        final long sequence,
        final boolean duplicate,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (template(buffer, offset, length))
        {
            case OpenAccountResultDecoder.TEMPLATE_ID ->
            {
                openAccount.wrap(buffer, body, header.blockLength(), header.version());
                listener.onAccountOpened(correlationId, sequence, duplicate, openAccount.accountId(),
                    openAccount.accountVersion());
            }
            case TransferResultDecoder.TEMPLATE_ID ->
            {
                transfer.wrap(buffer, body, header.blockLength(), header.version());
                listener.onBalanceUpdated(correlationId, sequence, duplicate, transfer.accountId(),
                    transfer.assetId(), transfer.available(), transfer.accountVersion());
            }
            case AddInstrumentResultDecoder.TEMPLATE_ID ->
            {
                addInstrument.wrap(buffer, body, header.blockLength(), header.version());
                listener.onInstrumentAdded(correlationId, sequence, duplicate, addInstrument.instrumentId());
            }
            case PlaceOrderResultDecoder.TEMPLATE_ID ->
            {
                placeOrder.wrap(buffer, body, header.blockLength(), header.version());
                listener.onOrderPlaced(correlationId, sequence, duplicate, placeOrder.orderId(),
                    status(placeOrder.statusRaw()), placeOrder.filledQuantity(), placeOrder.leavesQuantity(),
                    placeOrder.fillCount(), placeOrder.quoteTraded(), placeOrder.accountVersion());
            }
            case CancelOrderResultDecoder.TEMPLATE_ID ->
            {
                cancelOrder.wrap(buffer, body, header.blockLength(), header.version());
                listener.onOrderCancelled(correlationId, sequence, duplicate, cancelOrder.orderId(),
                    cancelOrder.remainingQuantity(), cancelOrder.released(), cancelOrder.accountVersion());
            }
            case AmendOrderResultDecoder.TEMPLATE_ID ->
            {
                amendOrder.wrap(buffer, body, header.blockLength(), header.version());
                listener.onOrderAmended(correlationId, sequence, duplicate, amendOrder.orderId(),
                    status(amendOrder.statusRaw()), amendOrder.keepsPriorityRaw() == BooleanType.TRUE.value(),
                    amendOrder.filledQuantity(), amendOrder.leavesQuantity(), amendOrder.fillCount(),
                    amendOrder.quoteTraded(), amendOrder.accountVersion());
            }
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param expectedTemplate the result template the command has.
     * @return the result as a record, or null when there is none this client can read or it is not of the expected
     *         template.
     */
    Object toRecord(final int expectedTemplate, final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = template(buffer, offset, length);
        if (templateId != expectedTemplate)
        {
            return null;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        return switch (templateId)
        {
            case OpenAccountResultDecoder.TEMPLATE_ID ->
            {
                openAccount.wrap(buffer, body, blockLength, version);
                yield new AccountOpened(openAccount.accountId(), openAccount.accountVersion());
            }
            case TransferResultDecoder.TEMPLATE_ID ->
            {
                transfer.wrap(buffer, body, blockLength, version);
                yield new BalanceUpdate(transfer.accountId(), transfer.assetId(), transfer.available(),
                    transfer.accountVersion());
            }
            case AddInstrumentResultDecoder.TEMPLATE_ID ->
                new InstrumentAdded(addInstrument.wrap(buffer, body, blockLength, version).instrumentId());
            case PlaceOrderResultDecoder.TEMPLATE_ID ->
            {
                placeOrder.wrap(buffer, body, blockLength, version);
                yield new OrderPlaced(placeOrder.orderId(), status(placeOrder.statusRaw()),
                    placeOrder.filledQuantity(), placeOrder.leavesQuantity(), placeOrder.fillCount(),
                    placeOrder.quoteTraded(), placeOrder.accountVersion());
            }
            case CancelOrderResultDecoder.TEMPLATE_ID ->
            {
                cancelOrder.wrap(buffer, body, blockLength, version);
                yield new OrderCancelled(cancelOrder.orderId(), cancelOrder.remainingQuantity(),
                    cancelOrder.released(), cancelOrder.accountVersion());
            }
            case AmendOrderResultDecoder.TEMPLATE_ID ->
            {
                amendOrder.wrap(buffer, body, blockLength, version);
                yield new OrderAmended(amendOrder.orderId(), status(amendOrder.statusRaw()),
                    amendOrder.keepsPriorityRaw() == BooleanType.TRUE.value(), amendOrder.filledQuantity(),
                    amendOrder.leavesQuantity(), amendOrder.fillCount(), amendOrder.quoteTraded(),
                    amendOrder.accountVersion());
            }
            default -> null;
        };
    }

    /**
     * @param raw an {@code OrderStatus} value on the wire.
     * @return the client's status; a value this client does not know reads as LIVE.
     */
    static OrderStatus status(final short raw)
    {
        if (raw == io.sequent.codecs.exchange.OrderStatus.FILLED.value())
        {
            return OrderStatus.FILLED;
        }
        if (raw == io.sequent.codecs.exchange.OrderStatus.CANCELLED.value())
        {
            return OrderStatus.CANCELLED;
        }
        return OrderStatus.LIVE;
    }
}
