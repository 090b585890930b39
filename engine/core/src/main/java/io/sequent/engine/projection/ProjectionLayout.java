package io.sequent.engine.projection;

import net.openhft.chronicle.core.pool.ClassAliasPool;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.values.Values;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;

/**
 * What the map behind a {@link ChronicleProjection} holds and where its checkpoint lives: the key and value types
 * (Chronicle Values interfaces, or Chronicle's own such as {@code LongValue}: fixed size, written without
 * serialisation or allocation), the entry under which the checkpoint is kept (a key no real entry has) and the
 * value's sequence field, which the checkpoint entry uses to hold the last sequence applied.
 * <p>
 * One constant per projection type, for instance:
 * <pre>{@code
 * static final ProjectionLayout<LongValue, CounterValue> LAYOUT = ProjectionLayout
 *     .of("counter", LongValue.class, CounterValue.class)
 *     .checkpointKey(key -> key.setValue(0))
 *     .sequence(CounterValue::getSequence, CounterValue::setSequence);
 * }</pre>
 * Immutable: each method that changes a setting returns a new layout.
 *
 * @param <K> key type.
 * @param <V> value type.
 */
public final class ProjectionLayout<K, V>
{
    /** How far past its configured entries a map may grow: Chronicle Map fails hard when full. */
    static final double MAX_BLOAT_FACTOR = 2.0;

    private final String name;
    private final Class<K> keyType;
    private final Class<V> valueType;
    private final Consumer<K> checkpointKey;
    private final ToLongFunction<V> sequenceGetter;
    private final ObjLongConsumer<V> sequenceSetter;
    private final boolean rebuiltAtStart;

    private ProjectionLayout(
        final String name,
        final Class<K> keyType,
        final Class<V> valueType,
        final Consumer<K> checkpointKey,
        final ToLongFunction<V> sequenceGetter,
        final ObjLongConsumer<V> sequenceSetter,
        final boolean rebuiltAtStart)
    {
        this.name = name;
        this.keyType = keyType;
        this.valueType = valueType;
        this.checkpointKey = checkpointKey;
        this.sequenceGetter = sequenceGetter;
        this.sequenceSetter = sequenceSetter;
        this.rebuiltAtStart = rebuiltAtStart;
    }

    /**
     * Starts a layout; {@link #checkpointKey} and {@link #sequence} must follow before a projection uses it.
     *
     * @param name      what the map holds, in messages ("balance" gives "balance projection ... cannot be opened")
     *                  and as the Chronicle Map's name.
     * @param keyType   the key type.
     * @param valueType the value type.
     * @param <K>       key type.
     * @param <V>       value type.
     * @return the layout.
     */
    public static <K, V> ProjectionLayout<K, V> of(final String name, final Class<K> keyType, final Class<V> valueType)
    {
        return new ProjectionLayout<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(keyType, "keyType"),
            Objects.requireNonNull(valueType, "valueType"), null, null, null, false);
    }

    /**
     * @param checkpointKey sets a key to the checkpoint's key: one that no entry the projection writes has.
     * @return a layout with that checkpoint key.
     */
    public ProjectionLayout<K, V> checkpointKey(final Consumer<K> checkpointKey)
    {
        return new ProjectionLayout<>(name, keyType, valueType, Objects.requireNonNull(checkpointKey, "checkpointKey"),
            sequenceGetter, sequenceSetter, rebuiltAtStart);
    }

    /**
     * @param getter reads a value's sequence field.
     * @param setter writes it.
     * @return a layout whose checkpoint is kept in that field of the checkpoint entry (its other fields stay 0).
     */
    public ProjectionLayout<K, V> sequence(final ToLongFunction<V> getter, final ObjLongConsumer<V> setter)
    {
        return new ProjectionLayout<>(name, keyType, valueType, checkpointKey, Objects.requireNonNull(getter, "getter"),
            Objects.requireNonNull(setter, "setter"), rebuiltAtStart);
    }

    /**
     * For a projection that keeps state in memory which its map does not hold (an index it needs to apply the next
     * event), so that it cannot resume from its checkpoint: its writer reports 0 as its applied sequence and the
     * engine replays the whole journal to it at every start. The checkpoint entry is still written at each batch
     * end, for readers ({@link ChronicleProjection#publishedSequence()}). Note that such a projection holds back
     * journal deletion by retention: the journal it is rebuilt from must stay.
     *
     * @return a layout whose projections are rebuilt from the journal at every start.
     */
    public ProjectionLayout<K, V> rebuiltAtStart()
    {
        return new ProjectionLayout<>(name, keyType, valueType, checkpointKey, sequenceGetter, sequenceSetter, true);
    }

    /**
     * Lets map files written while a key or value type had another fully qualified name (before a package move)
     * open: Chronicle Map records the type names in the file's header and looks them up when it opens the file.
     * New files still record the type's current name. The alias is registered JVM-wide, at once.
     *
     * @param type       the key or value type as it is named now.
     * @param formerName its fully qualified name when the old files were written.
     * @return this layout.
     */
    public ProjectionLayout<K, V> formerTypeName(final Class<?> type, final String formerName)
    {
        if (type != keyType && type != valueType)
        {
            throw new IllegalArgumentException(type + " is neither the key nor the value type of " + name);
        }
        // The first name given is the one Chronicle writes into new headers: the type's own.
        ClassAliasPool.CLASS_ALIASES.addAlias(type, type.getName() + "," + formerName);
        return this;
    }

    /**
     * @return what the map holds, for messages; also the map's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the key type.
     */
    public Class<K> keyType()
    {
        return keyType;
    }

    /**
     * @return the value type.
     */
    public Class<V> valueType()
    {
        return valueType;
    }

    /**
     * @return whether projections of this layout are rebuilt from the journal at every start.
     */
    public boolean isRebuiltAtStart()
    {
        return rebuiltAtStart;
    }

    void requireComplete()
    {
        if (checkpointKey == null || sequenceGetter == null)
        {
            throw new IllegalStateException("projection layout " + name + " needs checkpointKey(...) and " +
                "sequence(...)");
        }
    }

    K newKey()
    {
        return Values.newHeapInstance(keyType);
    }

    V newValue()
    {
        return Values.newHeapInstance(valueType);
    }

    K newCheckpointKey()
    {
        final K key = newKey();
        checkpointKey.accept(key);
        return key;
    }

    long sequence(final V value)
    {
        return sequenceGetter.applyAsLong(value);
    }

    void sequence(final V value, final long sequence)
    {
        sequenceSetter.accept(value, sequence);
    }

    /**
     * @param entries entries to size for; the checkpoint's own entry is added.
     * @return a builder with the settings every projection needs.
     */
    ChronicleMapBuilder<K, V> builder(final long entries)
    {
        if (entries < 1)
        {
            throw new IllegalArgumentException("entries must be at least 1: " + entries);
        }
        return ChronicleMapBuilder.of(keyType, valueType)
            .name(name)
            .entries(entries + 1) // the checkpoint entry
            .maxBloatFactor(MAX_BLOAT_FACTOR)
            // Checked by Chronicle Map's recovery after a writer died, so a damaged entry is found, not served.
            .checksumEntries(true)
            .putReturnsNull(true); // else every put deserialises the previous value: an allocation per event
    }
}
