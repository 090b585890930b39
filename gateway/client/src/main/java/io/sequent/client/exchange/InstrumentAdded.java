package io.sequent.client.exchange;

/**
 * The result of {@code addInstrument}: the market is open for orders.
 *
 * @param instrumentId the instrument.
 */
public record InstrumentAdded(int instrumentId)
{
}
