package io.sequent.exchange.domain;

import io.sequent.exchange.book.Instrument;
import io.sequent.exchange.book.Order;
import io.sequent.exchange.book.PriceLevel;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;

/**
 * The exchange's in-memory state: accounts (their owners, versions and balances per asset), instruments and their
 * books. Owned by the sequencer thread while the
 * engine runs; changed only by {@link ExchangeDomain#apply}.
 */
public final class ExchangeState
{
    /** Asset ids are in [0, maxAssets). */
    public static final int DEFAULT_MAX_ASSETS = 16;
    /** Accounts the state holds at most, so memory stays bounded. */
    public static final int DEFAULT_MAX_ACCOUNTS = 1_000_000;

    private final Long2ObjectHashMap<Account> accounts = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<Instrument> instruments = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<Order> orders = new Long2ObjectHashMap<>();
    private final ArrayDeque<Order> orderPool = new ArrayDeque<>();
    private long nextOrderId = 1;
    private final int maxAssets;
    private final int maxAccounts;

    /**
     * A state with the default limits: {@link #DEFAULT_MAX_ASSETS} assets and {@link #DEFAULT_MAX_ACCOUNTS} accounts.
     */
    public ExchangeState()
    {
        this(DEFAULT_MAX_ASSETS, DEFAULT_MAX_ACCOUNTS);
    }

    /**
     * @param maxAssets   asset ids are in [0, maxAssets); at least 1.
     * @param maxAccounts accounts at most; at least 1.
     * @throws IllegalArgumentException for a limit below 1.
     */
    public ExchangeState(final int maxAssets, final int maxAccounts)
    {
        requireLimits(maxAssets, maxAccounts);
        this.maxAssets = maxAssets;
        this.maxAccounts = maxAccounts;
    }

    /**
     * Checks the limits when a domain is configured, so a bad setting fails at start rather than at the first
     * {@code newState()}.
     */
    static void requireLimits(final int maxAssets, final int maxAccounts)
    {
        if (maxAssets < 1)
        {
            throw new IllegalArgumentException("maxAssets must be at least 1: " + maxAssets);
        }
        if (maxAccounts < 1)
        {
            throw new IllegalArgumentException("maxAccounts must be at least 1: " + maxAccounts);
        }
    }

    /**
     * @param accountId account.
     * @return whether it is open.
     */
    public boolean hasAccount(final long accountId)
    {
        return accounts.containsKey(accountId);
    }

    /**
     * @param accountId account.
     * @param assetId   asset.
     * @return available balance, 0 for an unknown account or asset.
     */
    public long available(final long accountId, final int assetId)
    {
        final Account account = accounts.get(accountId);
        return account == null || !isAsset(assetId) ? 0 : account.available[assetId];
    }

    /**
     * @param accountId account.
     * @param assetId   asset.
     * @return reserved balance, 0 for an unknown account or asset.
     */
    public long reserved(final long accountId, final int assetId)
    {
        final Account account = accounts.get(accountId);
        return account == null || !isAsset(assetId) ? 0 : account.reserved[assetId];
    }

    /**
     * @param accountId account.
     * @return its version (1 when opened, one more per event that changed it), 0 for an account that is not open.
     */
    public long version(final long accountId)
    {
        final Account account = accounts.get(accountId);
        return account == null ? 0 : account.version;
    }

    /**
     * @param accountId account.
     * @return the client that opened it and alone may act on it; 0 when the account has no owner (opened before
     *         exchange schema version 3) or is not open.
     */
    public long owner(final long accountId)
    {
        final Account account = accounts.get(accountId);
        return account == null ? 0 : account.owner;
    }

    /**
     * @return accounts open.
     */
    public int accountCount()
    {
        return accounts.size();
    }

    /**
     * @param assetId asset.
     * @return the sum of available and reserved balances of that asset over all accounts, 0 for an unknown asset.
     */
    public long totalBalance(final int assetId)
    {
        if (!isAsset(assetId))
        {
            return 0;
        }
        long total = 0;
        for (final Account account : accounts.values())
        {
            total += account.available[assetId] + account.reserved[assetId];
        }
        return total;
    }

    /**
     * @return asset ids are in [0, maxAssets).
     */
    public int maxAssets()
    {
        return maxAssets;
    }

    /**
     * @return accounts at most.
     */
    public int maxAccounts()
    {
        return maxAccounts;
    }

    /**
     * @return instruments listed.
     */
    public int instrumentCount()
    {
        return instruments.size();
    }

    /**
     * @return live orders (resting in a book).
     */
    public int orderCount()
    {
        return orders.size();
    }

    /**
     * @param instrumentId instrument.
     * @param buy          the bid side when true, the ask side otherwise.
     * @return the best price on that side, or 0 when the side is empty or the instrument unknown.
     */
    public long bestPrice(final int instrumentId, final boolean buy)
    {
        final Instrument instrument = instruments.get(instrumentId);
        final PriceLevel best = instrument == null ? null : instrument.side(buy).best();
        return best == null ? 0 : best.price();
    }

    /**
     * @param instrumentId instrument.
     * @param buy          the bid side when true, the ask side otherwise.
     * @return the open quantity at the best price on that side, 0 when empty.
     */
    public long bestQuantity(final int instrumentId, final boolean buy)
    {
        final Instrument instrument = instruments.get(instrumentId);
        final PriceLevel best = instrument == null ? null : instrument.side(buy).best();
        return best == null ? 0 : best.quantity();
    }

    /**
     * @param orderId order.
     * @return its open quantity, 0 when it is not live.
     */
    public long openQuantity(final long orderId)
    {
        final Order order = orders.get(orderId);
        return order == null ? 0 : order.remaining();
    }

    /**
     * @return the id the next accepted order gets.
     */
    public long nextOrderId()
    {
        return nextOrderId;
    }

    boolean isAsset(final int assetId)
    {
        return assetId >= 0 && assetId < maxAssets;
    }

    Account account(final long accountId)
    {
        return accounts.get(accountId);
    }

    /**
     * The account of an event being applied. Handle only emits events for open accounts, so a miss means the
     * journal is corrupt or foreign: fail loudly rather than with a bare NullPointerException.
     */
    Account requireAccount(final long accountId)
    {
        final Account account = accounts.get(accountId);
        if (account == null)
        {
            throw new IllegalStateException("event for account " + accountId + " that is not open: corrupt journal?");
        }
        return account;
    }

    void open(final long accountId, final long owner)
    {
        // Replacing an open account would silently drop its balances.
        if (accounts.containsKey(accountId))
        {
            throw new IllegalStateException("account " + accountId + " opened twice: corrupt journal?");
        }
        accounts.put(accountId, new Account(accountId, owner, maxAssets));
    }

    Long2ObjectHashMap<Account> accounts()
    {
        return accounts;
    }

    Int2ObjectHashMap<Instrument> instruments()
    {
        return instruments;
    }

    Instrument instrument(final int instrumentId)
    {
        return instruments.get(instrumentId);
    }

    void addInstrument(final Instrument instrument)
    {
        instruments.put(instrument.id(), instrument);
    }

    /**
     * A live order, to read (a load generator steering its flow by what is live; tests). Only the domain's
     * {@code apply} changes it.
     *
     * @param orderId order.
     * @return the order, or null when it is not live.
     */
    public Order order(final long orderId)
    {
        return orders.get(orderId);
    }

    Long2ObjectHashMap<Order> orders()
    {
        return orders;
    }

    /**
     * @return an order to {@link Order#init} and then {@link #addOrder}: from the pool when it has one.
     */
    Order newOrder()
    {
        return orderPool.isEmpty() ? new Order() : orderPool.pop();
    }

    /**
     * Makes an order live under its id; the next accepted order gets the id after it.
     */
    void addOrder(final Order order)
    {
        orders.put(order.orderId(), order);
        nextOrderId = order.orderId() + 1;
    }

    void nextOrderId(final long nextOrderId)
    {
        this.nextOrderId = nextOrderId;
    }

    void releaseOrder(final Order order)
    {
        orders.remove(order.orderId());
        order.clear();
        orderPool.push(order);
    }
}
