package io.sequent.exchange.projection;

import io.sequent.codecs.exchange.AccountOpenedDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.engine.projection.ChronicleProjection;
import io.sequent.engine.projection.ProjectionLayout;
import io.sequent.exchange.domain.ExchangeState;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * Read model of accounts, {@code accountId -> owner}, in a persisted Chronicle Map: who owns what, for the gateway's
 * thread, which decides from it what a subscriber of scope OWN sees
 * ({@link io.sequent.exchange.audience.ExchangeAudience}).
 * An owner never changes, so an entry is written once, by {@code AccountOpened}; a replay after a crash writes the
 * same entry again. The checkpoint is the entry of account 0, which no account has.
 */
public final class AccountProjection extends ChronicleProjection<LongValue, AccountOwner>
{
    /** Accounts the map is sized for by default: as many as the exchange holds. */
    public static final long DEFAULT_ENTRIES = ExchangeState.DEFAULT_MAX_ACCOUNTS;
    /** What {@link #owner} answers for an account the projection does not hold. */
    public static final long UNKNOWN = -1;
    private static final long CHECKPOINT = 0;

    private static final ProjectionLayout<LongValue, AccountOwner> LAYOUT = ProjectionLayout
        .of("account", LongValue.class, AccountOwner.class)
        .checkpointKey(key -> key.setValue(CHECKPOINT))
        .sequence(AccountOwner::getSequence, AccountOwner::setSequence);

    private final ChronicleMap<LongValue, AccountOwner> map = map();
    private final LongValue key = newKey();
    private final AccountOwner value = newValue();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AccountOpenedDecoder opened = new AccountOpenedDecoder();

    private AccountProjection(final Path file, final Access access, final long entries)
    {
        super(LAYOUT, file, access, entries);
    }

    /**
     * @param file    the map's file, created when absent, recovered when its last writer died.
     * @param entries accounts to size the map for.
     * @return the projection, for the projector.
     * @throws IllegalStateException saying which file and what to do, when it cannot be created or is damaged, or
     *                               when another writer has it open.
     */
    public static AccountProjection create(final Path file, final long entries)
    {
        return new AccountProjection(file, Access.WRITER, entries);
    }

    /**
     * @param file an existing projection file.
     * @return a view to read it; its {@link #publishedSequence()} is the writer's last checkpoint.
     * @throws IllegalStateException when there is no projection at {@code file} or it cannot be read.
     */
    public static AccountProjection open(final Path file)
    {
        return new AccountProjection(file, Access.READER, DEFAULT_ENTRIES);
    }

    @Override
    protected void apply(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        if (header.templateId() == AccountOpenedDecoder.TEMPLATE_ID)
        {
            // A version 1 or 2 event has no owner field: it decodes as 0, no owner.
            opened.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            key.setValue(opened.accountId());
            value.setOwner(opened.ownerClientId());
            value.setSequence(sequence);
            map.put(key, value);
        }
    }

    /**
     * @param accountId an account.
     * @return its owner (0 for none), or {@link #UNKNOWN} when the projection holds no such account (yet: read
     *         {@link #publishedSequence()} first to know how far it is).
     */
    public long owner(final long accountId)
    {
        if (accountId == CHECKPOINT)
        {
            return UNKNOWN;
        }
        key.setValue(accountId);
        return map.getUsing(key, value) == null ? UNKNOWN : value.getOwner();
    }
}
