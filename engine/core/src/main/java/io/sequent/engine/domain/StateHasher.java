package io.sequent.engine.domain;

/**
 * Folds a sequence of longs into a 64-bit hash, for {@link Domain#stateHash}: feed the state in a canonical order
 * (for example sorted by id) and equal states give equal hashes. Not cryptographic; strong enough that a single
 * changed balance changes the hash.
 */
public final class StateHasher
{
    private long hash = 0x9E3779B97F4A7C15L;
    private long count;

    /**
     * @param value next value of the canonical sequence.
     * @return this.
     */
    public StateHasher add(final long value)
    {
        hash = Long.rotateLeft(hash ^ mix(value + count++), 31) * 0x9FB21C651E98DF25L;
        return this;
    }

    /**
     * @return the hash of everything added.
     */
    public long hash()
    {
        return mix(hash ^ count);
    }

    private static long mix(final long value)
    {
        // MurmurHash3's 64-bit finaliser.
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
