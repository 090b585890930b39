package io.sequent.engine.aggregate;

import io.sequent.engine.domain.AggregateIdentity;
import io.sequent.engine.domain.AggregateRef;
import io.sequent.engine.projection.ChronicleProjection;
import io.sequent.engine.projection.ProjectionLayout;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The per-aggregate index, a projection any domain can open among its own: for every aggregate its events belong to
 * (as the domain's {@link AggregateIdentity} says; an event of several aggregates is in each one's stream), the
 * journal sequences of the frames that hold them, in order,
 * with the aggregate's version in each. {@link AggregateStream} reads an aggregate's history through it, frame by
 * frame, instead of scanning the journal. Like every projection it lives in a Chronicle Map under the data
 * directory ({@link #file(Path)}), is caught up from its checkpoint at start, and is rebuilt from the journal when
 * its file is deleted.
 * <p>
 * Entries: {@code (type, id, 0)} is the aggregate's head (frames indexed, last sequence and version);
 * {@code (type, id, k)} for k from 1 is its k-th frame (sequence, version). A frame already indexed (its sequence
 * is not past the head's) is skipped, so the events the engine replays after a crash are not indexed twice, and
 * neither are two events an upcaster made of one frame. The frame entry is written before the head, so a reader
 * that sees a count sees every frame up to it.
 * <p>
 * Versions must not decrease along an aggregate's stream: the index finds a version by binary search. A domain
 * without versions (its identity says 0) gets the frame's ordinal as the version.
 */
public final class AggregateIndex extends ChronicleProjection<AggregateKey, AggregateEntry>
{
    /** Entries (aggregates plus their indexed frames) the map is sized for by default. */
    public static final long DEFAULT_ENTRIES = 4_000_000;

    private static final long HEAD = 0;
    private static final ProjectionLayout<AggregateKey, AggregateEntry> LAYOUT = ProjectionLayout
        .of("aggregate", AggregateKey.class, AggregateEntry.class)
        .checkpointKey(key ->
        {
            key.setType(0);
            key.setId(0);
            key.setOrdinal(HEAD);
        })
        .sequence(AggregateEntry::getSequence, AggregateEntry::setSequence);

    private final AggregateIdentity identity;
    private final ChronicleMap<AggregateKey, AggregateEntry> map = map();
    private final AggregateRef[] refs = AggregateIdentity.newRefs();
    private final AggregateKey key = newKey();
    private final AggregateEntry head = newValue();
    private final AggregateEntry entry = newValue();
    private final AggregateEntry probe = newValue();

    private AggregateIndex(
        final Path file, final Access access, final long entries, final AggregateIdentity identity)
    {
        super(LAYOUT, file, access, entries);
        this.identity = identity;
    }

    /**
     * @param dataDir a node's data directory.
     * @return where the index lives in it: {@code projections/aggregates.cm}.
     */
    public static Path file(final Path dataDir)
    {
        return dataDir.resolve("projections").resolve("aggregates.cm");
    }

    /**
     * Opens the index for its writer, the engine's projector: return it from {@code DomainModule.openProjections}.
     *
     * @param file     the map's file ({@link #file(Path)}), created when absent, recovered when its writer died.
     * @param identity says which aggregate each event belongs to; for the projector's thread.
     * @param entries  aggregates plus indexed frames to size the map for.
     * @return the projection.
     * @throws IllegalStateException saying which file and what to do, when it cannot be created or is damaged, or
     *                               when another writer has it open.
     */
    public static AggregateIndex create(final Path file, final AggregateIdentity identity, final long entries)
    {
        return new AggregateIndex(file, Access.WRITER, entries, Objects.requireNonNull(identity, "identity"));
    }

    /**
     * @param file an existing index file.
     * @return a reader of it (a query handler's, a tool's), whose {@link #lastAppliedSequence()} is the writer's last
     *         checkpoint.
     * @throws IllegalStateException when there is no index at {@code file} or it cannot be read.
     */
    public static AggregateIndex open(final Path file)
    {
        return new AggregateIndex(file, Access.READER, DEFAULT_ENTRIES, null);
    }

    @Override
    protected void apply(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        final int aggregates = identity.identify(buffer, offset, length, refs);
        for (int i = 0; i < aggregates; i++)
        {
            if (refs[i].type() > 0)
            {
                index(sequence, refs[i]);
            }
        }
    }

    private void index(final long sequence, final AggregateRef ref)
    {
        final long count;
        if (readHead(ref.type(), ref.id()))
        {
            if (head.getSequence() >= sequence)
            {
                return;
            }
            count = head.getCount();
        }
        else
        {
            count = 0;
        }
        final long ordinal = count + 1;
        final long version = ref.version() > 0 ? ref.version() : ordinal;
        if (count > 0 && version < head.getVersion())
        {
            throw new IllegalStateException("aggregate " + ref.type() + ":" + ref.id() + " goes back from version " +
                head.getVersion() + " to " + version + " at sequence " + sequence + ": an aggregate's versions " +
                "must not decrease along its stream");
        }
        key(ref.type(), ref.id(), ordinal);
        entry.setSequence(sequence);
        entry.setVersion(version);
        entry.setCount(0);
        map.put(key, entry);
        key(ref.type(), ref.id(), HEAD);
        head.setSequence(sequence);
        head.setVersion(version);
        head.setCount(ordinal);
        map.put(key, head);
    }

    /**
     * @param type an aggregate type code.
     * @param id   an aggregate id.
     * @return frames indexed for the aggregate, 0 for an aggregate the index has not seen.
     */
    public long count(final int type, final long id)
    {
        return readHead(type, id) ? head.getCount() : 0;
    }

    /**
     * @param type an aggregate type code.
     * @param id   an aggregate id.
     * @return the aggregate's version in its last indexed frame, 0 for an aggregate the index has not seen.
     */
    public long lastVersion(final int type, final long id)
    {
        return readHead(type, id) ? head.getVersion() : 0;
    }

    /**
     * Reads one indexed frame of an aggregate into a caller's entry (reuse it: no allocation).
     *
     * @param type    an aggregate type code.
     * @param id      an aggregate id.
     * @param ordinal the frame's place in the stream, from 1.
     * @param into    an entry from {@link #newEntry()}.
     * @return false when the aggregate has no such frame.
     */
    public boolean frame(final int type, final long id, final long ordinal, final AggregateEntry into)
    {
        if (type < 1 || ordinal < 1)
        {
            return false;
        }
        key(type, id, ordinal);
        return map.getUsing(key, into) != null;
    }

    /**
     * @param type        an aggregate type code.
     * @param id          an aggregate id.
     * @param fromVersion a version.
     * @return the ordinal of the aggregate's first frame at or past that version; one past its last frame when it
     *         has none (so an empty range follows).
     */
    public long firstOrdinalAtOrAfter(final int type, final long id, final long fromVersion)
    {
        final long count = count(type, id);
        long low = 1;
        long high = count + 1;
        while (low < high)
        {
            final long middle = (low + high) >>> 1;
            if (!frame(type, id, middle, probe))
            {
                // The head said so: a frame below the count is missing only if the file is damaged.
                throw new IllegalStateException("aggregate index " + file() + " has no frame " + middle + " of " +
                    type + ":" + id + " below its count " + count + ": delete the file and the engine rebuilds it");
            }
            if (probe.getVersion() < fromVersion)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /**
     * @return a reusable entry for {@link #frame}.
     */
    public static AggregateEntry newEntry()
    {
        return Values.newHeapInstance(AggregateEntry.class);
    }

    private boolean readHead(final int type, final long id)
    {
        if (type < 1)
        {
            return false;
        }
        key(type, id, HEAD);
        return map.getUsing(key, head) != null;
    }

    private void key(final int type, final long id, final long ordinal)
    {
        key.setType(type);
        key.setId(id);
        key.setOrdinal(ordinal);
    }
}
