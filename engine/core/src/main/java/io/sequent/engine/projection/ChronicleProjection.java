package io.sequent.engine.projection;

import io.sequent.engine.domain.Projection;
import net.openhft.chronicle.map.ChronicleMap;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * The base of a {@link Projection} kept in a persisted Chronicle Map: a domain's read model writes its entries in
 * {@link #apply}, and this class does the rest, the same for every domain.
 * <ul>
 *     <li>Opening, the one safe way: the {@link Access#WRITER} (the projector; one per file) holds a lock file
 *     {@code <file>.writer} beside the map, so a second writer is refused, and Chronicle Map's recovery runs only
 *     when the previous writer died without closing (recovery is unsafe as an ordinary way of opening); a
 *     {@link Access#READER} (a query handler, another process: the file is shared memory, so it sees writes without
 *     copies) never creates the file. A file whose header was never completed fails at once, and every failure
 *     names the file and says what to do: the map is a read model, so deleting it makes the engine rebuild it.</li>
 *     <li>The checkpoint: the last sequence applied, kept in the map itself as an entry under a key no other entry
 *     has ({@link ProjectionLayout#checkpointKey}), written at each batch end after the batch's entries, so a reader
 *     that sees it sees every change up to it. The writer resumes from it: the engine replays the journal from the
 *     checkpoint + 1 at start. Events between the last checkpoint and a crash reach the projection again, so a
 *     projection whose entries add up (balances) stamps each entry with the sequence that last changed it and skips
 *     what it already applied.</li>
 *     <li>Damage inside a map that opens (a flipped bit in an entry, a value, the checkpoint): the writer finds it
 *     at open, through the digest of every entry its last clean close wrote or, after a writer died, through
 *     Chronicle Map's recovery of checksummed entries. The damaged file is moved aside ({@code <file>.damaged}),
 *     the projection starts empty from checkpoint 0, the engine replays the journal into it, and
 *     {@link #damage()} says what was found (logged too).</li>
 * </ul>
 * An instance is used by one thread; another thread opens its own reader. Subclasses allocate nothing per event
 * (reuse key and value instances, from {@link #newKey()} and {@link #newValue()}); so does this class.
 *
 * @param <K> key type, a Chronicle Values interface (or {@code LongValue} and its kin).
 * @param <V> value type, a Chronicle Values interface with a sequence field.
 */
public abstract class ChronicleProjection<K, V> implements Projection
{
    /**
     * How a projection's file is opened.
     */
    public enum Access
    {
        /** The one writer, the projector: creates the file when absent, applies events, writes the checkpoint. */
        WRITER,
        /** A reader of an existing file, which refuses to apply events. */
        READER
    }

    private final ProjectionLayout<K, V> layout;
    private final Path file;
    private final PersistedMap<K, V> persisted;
    private final ChronicleMap<K, V> map;
    private final K checkpointKey;
    private final V checkpointValue;
    private final V readValue;
    private long lastApplied;
    private long checkpointed;

    /**
     * Opens the projection's map.
     *
     * @param layout  what the map holds and where its checkpoint lives.
     * @param file    the map's file.
     * @param access  writer or reader.
     * @param entries entries to size the map for, with headroom (it may grow to twice that); used when a writer
     *                creates the file, ignored otherwise (an existing file keeps the size it was created with).
     * @throws IllegalStateException saying which file and what to do, when it cannot be created, opened or read,
     *                               when another writer has it open, or when a reader finds no file.
     */
    protected ChronicleProjection(
        final ProjectionLayout<K, V> layout, final Path file, final Access access, final long entries)
    {
        layout.requireComplete();
        this.layout = layout;
        this.file = file;
        this.checkpointKey = layout.newCheckpointKey();
        this.checkpointValue = layout.newValue();
        this.readValue = layout.newValue();
        this.persisted = access == Access.WRITER ?
            PersistedMap.forWriter(layout.builder(entries), file, layout.name()) :
            PersistedMap.forReader(layout.builder(1), file, layout.name());
        this.map = persisted.map;
        try
        {
            // A projection rebuilt at each start begins from nothing, whatever the file holds.
            this.lastApplied = layout.isRebuiltAtStart() ? 0 : publishedSequence();
        }
        catch (final RuntimeException ex)
        {
            persisted.close();
            throw new IllegalStateException(layout.name() + " projection " + file + " has an unreadable " +
                "checkpoint (" + ex + "). It is a read model: delete the file and the engine rebuilds it from the " +
                "journal at the next start.", ex);
        }
        this.checkpointed = lastApplied;
    }

    /**
     * Applies one event to the map's entries (the checkpoint is this class's business).
     *
     * @param sequence  of the event in the journal.
     * @param timestamp the sequencer assigned to the command that emitted it.
     * @param buffer    holding the event, starting with its SBE message header.
     * @param offset    where the event starts.
     * @param length    of the event.
     */
    protected abstract void apply(long sequence, long timestamp, DirectBuffer buffer, int offset, int length);

    /**
     * Called at each batch end on the writer, before the checkpoint is written: a projection that keeps entries back
     * during a batch (to write each once per batch) writes them here, so the checkpoint covers them. Does nothing by
     * default.
     *
     * @param position the sequence the checkpoint will say.
     */
    protected void flushBatch(final long position)
    {
    }

    /**
     * Applies one event, on the writer.
     *
     * @throws IllegalStateException on a reader.
     */
    @Override
    public final void onEvent(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        requireWriter();
        apply(sequence, timestamp, buffer, offset, length);
        lastApplied = Math.max(lastApplied, sequence);
    }

    /**
     * Takes {@code position} as the projection's own, writes what the batch kept back ({@link #flushBatch}) and
     * then the checkpoint, when it moved.
     *
     * @throws IllegalStateException on a reader.
     */
    @Override
    public final void onBatchEnd(final long position)
    {
        requireWriter();
        lastApplied = Math.max(lastApplied, position);
        flushBatch(lastApplied);
        if (lastApplied != checkpointed)
        {
            layout.sequence(checkpointValue, lastApplied);
            map.put(checkpointKey, checkpointValue);
            checkpointed = lastApplied;
        }
    }

    /**
     * @return for the writer, the sequence of the last event applied (0 for a layout
     *         {@link ProjectionLayout#rebuiltAtStart() rebuilt at each start}, so the engine replays it all); for a
     *         reader, the last checkpoint the writer wrote.
     */
    @Override
    public final long lastAppliedSequence()
    {
        if (!persisted.isWriter())
        {
            return publishedSequence();
        }
        return layout.isRebuiltAtStart() ? 0 : lastApplied;
    }

    /**
     * @return the sequence of the last checkpoint in the map (0 before the first): read it before reading entries
     *         to know that they are at least that new. The one a query answers with.
     */
    public final long publishedSequence()
    {
        return map.getUsing(checkpointKey, readValue) == null ? 0 : layout.sequence(readValue);
    }

    /**
     * @return what the writer found damaged when it opened the map, which it then rebuilt from empty (the engine
     *         replays the journal into it); null when the map opened whole, and always on a reader.
     */
    public final String damage()
    {
        return persisted.damage();
    }

    /**
     * @return whether this instance is the writer.
     */
    public final boolean isWriter()
    {
        return persisted.isWriter();
    }

    /**
     * @return the map's file.
     */
    public final Path file()
    {
        return file;
    }

    /**
     * @return the map, for the subclass's entries; its checkpoint entry is not theirs to write.
     */
    protected final ChronicleMap<K, V> map()
    {
        return map;
    }

    /**
     * @return a new key instance to reuse, on the heap.
     */
    protected final K newKey()
    {
        return layout.newKey();
    }

    /**
     * @return a new value instance to reuse, on the heap, every field 0.
     */
    protected final V newValue()
    {
        return layout.newValue();
    }

    /**
     * Closes the map; for the writer, then marks the stop as clean so the next open needs no recovery. A subclass
     * that holds more calls this last.
     */
    @Override
    public void close()
    {
        persisted.close();
    }

    @Override
    public String toString()
    {
        return layout.name() + "(" + file + ")";
    }

    private void requireWriter()
    {
        persisted.requireWriter();
    }
}
