package io.sequent.exchange.projection;

import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.codecs.exchange.OrderAmendedDecoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TradeExecutedDecoder;
import io.sequent.codecs.exchange.WithdrawnDecoder;
import io.sequent.engine.projection.ChronicleProjection;
import io.sequent.engine.projection.ProjectionLayout;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * Read model of balances per account and asset, in a persisted Chronicle Map: the projector writes it through
 * {@link #create}, and any thread or process may open the same file with {@link #open(Path)} and read it while the
 * server runs (the file is shared memory, so readers see writes without copies).
 * <p>
 * Exactly once across crashes: every entry carries the sequence of the last event applied to it, so an event the
 * engine replays after a crash (its checkpoint lagging the entries) is skipped. The checkpoint, the last sequence
 * applied, is an entry of its own under a key no account can have (account ids are positive), written at the end
 * of each batch by {@link ChronicleProjection}.
 * <p>
 * Keys and values are fixed-size Chronicle Values reused for every event, and puts return nothing: the projector
 * allocates nothing per event. An instance is used by one thread; another thread opens its own reader.
 * <p>
 * Deposits, withdrawals and the order events' reservations, releases and settlements are all projected, so the
 * projected available and reserved balances equal the engine's.
 */
public final class BalanceProjection extends ChronicleProjection<BalanceKey, BalanceValue>
{
    /** Entries (account × asset pairs) the map is sized for by default. */
    public static final long DEFAULT_ENTRIES = 1_000_000;

    private static final long CHECKPOINT_ACCOUNT = 0;
    private static final int CHECKPOINT_ASSET = -1;

    private static final ProjectionLayout<BalanceKey, BalanceValue> LAYOUT = ProjectionLayout
        .of("balance", BalanceKey.class, BalanceValue.class)
        .checkpointKey(key ->
        {
            key.setAccountId(CHECKPOINT_ACCOUNT);
            key.setAssetId(CHECKPOINT_ASSET);
        })
        .sequence(BalanceValue::getSequence, BalanceValue::setSequence)
        // Files written before the exchange was split into packages name the types so.
        .formerTypeName(BalanceKey.class, "io.sequent.exchange.BalanceKey")
        .formerTypeName(BalanceValue.class, "io.sequent.exchange.BalanceValue");

    private final ChronicleMap<BalanceKey, BalanceValue> map = map();
    private final BalanceKey key = newKey();
    private final BalanceValue value = newValue();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DepositedDecoder deposited = new DepositedDecoder();
    private final WithdrawnDecoder withdrawn = new WithdrawnDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final OrderCancelledDecoder cancelled = new OrderCancelledDecoder();
    private final OrderAmendedDecoder amended = new OrderAmendedDecoder();
    private final TradeExecutedDecoder trade = new TradeExecutedDecoder();
    private final long[] pendingAccounts = new long[4];
    private final int[] pendingAssets = new int[4];
    private final long[] pendingAvailable = new long[4];
    private final long[] pendingReserved = new long[4];
    private int pendingCount;

    private BalanceProjection(final Path file, final Access access, final long entries)
    {
        super(LAYOUT, file, access, entries);
    }

    /**
     * Opens the projection for its one writer, the projector, creating the file when absent. When the previous
     * writer did not close it (a crash), the map is opened with Chronicle Map's recovery, since that writer may
     * have died mid-update; otherwise it is opened normally.
     *
     * @param file    the map's file; a lock file {@code <file>.writer} is kept next to it while open.
     * @param entries account × asset pairs to size the map for, with headroom; used when the file is created.
     * @return the projection.
     * @throws IllegalStateException saying which file and what to do, when it cannot be created or is damaged, or
     *                               when another writer has it open.
     */
    public static BalanceProjection create(final Path file, final long entries)
    {
        return new BalanceProjection(file, Access.WRITER, entries);
    }

    /**
     * @param file the map's file.
     * @return the projection sized for {@link #DEFAULT_ENTRIES}.
     * @see #create(Path, long)
     */
    public static BalanceProjection create(final Path file)
    {
        return create(file, DEFAULT_ENTRIES);
    }

    /**
     * Opens an existing projection to read it, for instance while a server writes it from another process. The
     * reader takes only Chronicle Map's short per-segment read locks; {@link #onEvent} and {@link #onBatchEnd(long)}
     * refuse to run on it, and its {@link #lastAppliedSequence()} is the writer's last checkpoint.
     *
     * @param file the map's file.
     * @return a view of the projection.
     * @throws IllegalStateException when there is no projection at {@code file} or it cannot be read.
     */
    public static BalanceProjection open(final Path file)
    {
        return new BalanceProjection(file, Access.READER, DEFAULT_ENTRIES);
    }

    @Override
    protected void apply(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case DepositedDecoder.TEMPLATE_ID ->
            {
                deposited.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                adjust(sequence, deposited.accountId(), deposited.assetId(), deposited.amount());
            }
            case WithdrawnDecoder.TEMPLATE_ID ->
            {
                withdrawn.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                adjust(sequence, withdrawn.accountId(), withdrawn.assetId(), -withdrawn.amount());
            }
            case OrderAcceptedDecoder.TEMPLATE_ID ->
            {
                accepted.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                move(accepted.accountId(), accepted.reservedAsset(), -accepted.reserved(), accepted.reserved());
                flush(sequence);
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                cancelled.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                move(cancelled.accountId(), cancelled.reservedAsset(), cancelled.released(), -cancelled.released());
                flush(sequence);
            }
            case OrderAmendedDecoder.TEMPLATE_ID ->
            {
                amended.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                move(amended.accountId(), amended.reservedAsset(), -amended.reservedDelta(), amended.reservedDelta());
                flush(sequence);
            }
            case TradeExecutedDecoder.TEMPLATE_ID ->
            {
                trade.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                final boolean takerBuys = trade.takerSide() == Side.BUY;
                final long buyer = takerBuys ? trade.takerAccountId() : trade.makerAccountId();
                final long seller = takerBuys ? trade.makerAccountId() : trade.takerAccountId();
                final long value = trade.price() * trade.quantity();
                final long refund = trade.buyerRefund();
                move(buyer, trade.quoteAsset(), refund, -(value + refund));
                move(buyer, trade.baseAsset(), trade.quantity(), 0);
                move(seller, trade.baseAsset(), 0, -trade.quantity());
                move(seller, trade.quoteAsset(), value, 0);
                flush(sequence);
            }
            default ->
            {
                // Events that move no projected balance have nothing to project here.
            }
        }
    }

    private void adjust(final long sequence, final long accountId, final int assetId, final long delta)
    {
        move(accountId, assetId, delta, 0);
        flush(sequence);
    }

    /**
     * Collects one event's changes, merging those to the same entry (a self-trade touches one entry twice), so
     * {@link #flush} writes each entry once under the event's sequence.
     */
    private void move(final long accountId, final int assetId, final long available, final long reserved)
    {
        for (int i = 0; i < pendingCount; i++)
        {
            if (pendingAccounts[i] == accountId && pendingAssets[i] == assetId)
            {
                pendingAvailable[i] += available;
                pendingReserved[i] += reserved;
                return;
            }
        }
        pendingAccounts[pendingCount] = accountId;
        pendingAssets[pendingCount] = assetId;
        pendingAvailable[pendingCount] = available;
        pendingReserved[pendingCount] = reserved;
        pendingCount++;
    }

    private void flush(final long sequence)
    {
        for (int i = 0; i < pendingCount; i++)
        {
            key.setAccountId(pendingAccounts[i]);
            key.setAssetId(pendingAssets[i]);
            if (map.getUsing(key, value) == null)
            {
                value.setAvailable(0);
                value.setReserved(0);
                value.setSequence(0);
            }
            // Already applied before a crash that came ahead of the checkpoint: counting it again would double it.
            if (value.getSequence() < sequence)
            {
                value.setAvailable(value.getAvailable() + pendingAvailable[i]);
                value.setReserved(value.getReserved() + pendingReserved[i]);
                value.setSequence(sequence);
                map.put(key, value);
            }
        }
        pendingCount = 0;
    }

    /**
     * @param accountId account.
     * @param assetId   asset.
     * @return available balance as projected, 0 when none.
     */
    public long available(final long accountId, final int assetId)
    {
        key.setAccountId(accountId);
        key.setAssetId(assetId);
        return map.getUsing(key, value) == null ? 0 : value.getAvailable();
    }

    /**
     * @param accountId account.
     * @param assetId   asset.
     * @return reserved balance as projected, 0 when none.
     */
    public long reserved(final long accountId, final int assetId)
    {
        key.setAccountId(accountId);
        key.setAssetId(assetId);
        return map.getUsing(key, value) == null ? 0 : value.getReserved();
    }

    /**
     * Reads one balance into a caller's view (reuse it: no allocation).
     *
     * @param accountId account.
     * @param assetId   asset.
     * @param into      a view from {@link #newView()}.
     * @return true when the account has had that asset.
     */
    public boolean read(final long accountId, final int assetId, final BalanceValue into)
    {
        key.setAccountId(accountId);
        key.setAssetId(assetId);
        return accountId != CHECKPOINT_ACCOUNT && map.getUsing(key, into) != null;
    }

    /**
     * @return a reusable view for {@link #read}.
     */
    public static BalanceValue newView()
    {
        return Values.newHeapInstance(BalanceValue.class);
    }

    /**
     * Visits every balance (in no particular order), for summaries. Each segment of the map is read under its read
     * lock, so the writer may update others meanwhile: the visit is not one consistent snapshot.
     *
     * @param visitor receives them.
     */
    public void forEach(final BalanceVisitor visitor)
    {
        final BalanceKey k = Values.newHeapInstance(BalanceKey.class);
        final BalanceValue v = Values.newHeapInstance(BalanceValue.class);
        map.forEachEntry(entry ->
        {
            entry.key().getUsing(k);
            if (k.getAccountId() != CHECKPOINT_ACCOUNT)
            {
                entry.value().getUsing(v);
                visitor.onBalance(k.getAccountId(), k.getAssetId(), v.getAvailable(), v.getReserved());
            }
        });
    }
}
