package io.sequent.exchange;

import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.WithdrawnDecoder;
import io.sequent.engine.DataDirectory;
import io.sequent.engine.domain.Projection;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.values.Values;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Read model of balances per account and asset, in a persisted Chronicle Map: the projector writes it, and any
 * thread or process may open the same file with {@link #open(Path)} and read it while the server runs.
 * <p>
 * Exactly once across crashes: every entry carries the sequence of the last event applied to it, so an event the
 * engine replays after a crash (its checkpoint lagging the entries) is skipped. The checkpoint, the last sequence
 * applied, is an entry of its own under a key no account can have, written at the end of each batch.
 * <p>
 * Keys and values are fixed-size Chronicle Values reused for every event: the projector allocates nothing per event.
 * An instance is used by one thread.
 */
public final class BalanceProjection implements Projection
{
    /** Entries (account × asset pairs) the map is sized for by default. */
    public static final long DEFAULT_ENTRIES = 1_000_000;

    private static final long CHECKPOINT_ACCOUNT = 0;
    private static final int CHECKPOINT_ASSET = -1;

    private final Path file;
    private final ChronicleMap<BalanceKey, BalanceValue> map;
    private final BalanceKey key = Values.newHeapInstance(BalanceKey.class);
    private final BalanceValue value = Values.newHeapInstance(BalanceValue.class);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DepositedDecoder deposited = new DepositedDecoder();
    private final WithdrawnDecoder withdrawn = new WithdrawnDecoder();
    private long lastApplied;
    private long checkpointed;

    private BalanceProjection(final Path file, final ChronicleMap<BalanceKey, BalanceValue> map)
    {
        this.file = file;
        this.map = map;
        this.lastApplied = readCheckpoint();
        this.checkpointed = lastApplied;
    }

    /**
     * Opens the projection for the projector, creating the file when absent. An existing file is opened with
     * Chronicle Map's recovery, since the writer that had it may have been killed mid-update.
     *
     * @param file    the map's file.
     * @param entries account × asset pairs to size the map for, with headroom.
     * @return the projection.
     */
    public static BalanceProjection create(final Path file, final long entries)
    {
        DataDirectory.require(file.toAbsolutePath().getParent());
        try
        {
            final ChronicleMapBuilder<BalanceKey, BalanceValue> builder = builder(entries);
            final ChronicleMap<BalanceKey, BalanceValue> map = Files.exists(file) ?
                builder.recoverPersistedTo(file.toFile(), true) : builder.createPersistedTo(file.toFile());
            return new BalanceProjection(file, map);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("balance projection " + file + " cannot be opened: " + ex +
                ". Delete the file and it is rebuilt from the journal at the next start.", ex);
        }
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
     * Opens an existing projection to read it, for instance while a server writes it from another process.
     *
     * @param file the map's file.
     * @return a view of the projection.
     */
    public static BalanceProjection open(final Path file)
    {
        if (!Files.exists(file))
        {
            throw new IllegalStateException("no balance projection at " + file + ": has a server run on that " +
                "data directory?");
        }
        try
        {
            return new BalanceProjection(file, builder(DEFAULT_ENTRIES).createPersistedTo(file.toFile()));
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("balance projection " + file + " cannot be read: " + ex, ex);
        }
    }

    private static ChronicleMapBuilder<BalanceKey, BalanceValue> builder(final long entries)
    {
        return ChronicleMapBuilder.of(BalanceKey.class, BalanceValue.class)
            .name("sequent-balances")
            .entries(entries);
    }

    @Override
    public long lastAppliedSequence()
    {
        return readCheckpoint();
    }

    @Override
    public void onEvent(
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
            default ->
            {
                // Events that move no balance have nothing to project here.
            }
        }
        lastApplied = sequence;
    }

    private void adjust(final long sequence, final long accountId, final int assetId, final long delta)
    {
        key.setAccountId(accountId);
        key.setAssetId(assetId);
        if (map.getUsing(key, value) == null)
        {
            value.setAvailable(0);
            value.setReserved(0);
            value.setSequence(0);
        }
        if (value.getSequence() >= sequence)
        {
            return;
        }
        value.setAvailable(value.getAvailable() + delta);
        value.setSequence(sequence);
        map.put(key, value);
    }

    @Override
    public void onBatchEnd()
    {
        if (lastApplied != checkpointed)
        {
            key.setAccountId(CHECKPOINT_ACCOUNT);
            key.setAssetId(CHECKPOINT_ASSET);
            value.setAvailable(0);
            value.setReserved(0);
            value.setSequence(lastApplied);
            map.put(key, value);
            checkpointed = lastApplied;
        }
    }

    private long readCheckpoint()
    {
        key.setAccountId(CHECKPOINT_ACCOUNT);
        key.setAssetId(CHECKPOINT_ASSET);
        return map.getUsing(key, value) == null ? 0 : value.getSequence();
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
     * Visits every balance (in no particular order).
     *
     * @param visitor receives them.
     */
    public void forEach(final BalanceVisitor visitor)
    {
        map.forEachEntry(entry ->
        {
            final BalanceKey k = entry.key().get();
            if (k.getAccountId() != CHECKPOINT_ACCOUNT)
            {
                final BalanceValue v = entry.value().get();
                visitor.onBalance(k.getAccountId(), k.getAssetId(), v.getAvailable(), v.getReserved());
            }
        });
    }

    @Override
    public void close()
    {
        map.close();
    }

    @Override
    public String toString()
    {
        return "balances(" + file + ")";
    }
}
