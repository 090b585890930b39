package io.sequent.client.exchange;

/**
 * The result of {@code openAccount}: the account is open and belongs to this client, which alone may act on it.
 *
 * @param accountId      the account.
 * @param accountVersion its version: 1.
 */
public record AccountOpened(long accountId, long accountVersion)
{
}
