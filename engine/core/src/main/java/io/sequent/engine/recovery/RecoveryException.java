package io.sequent.engine.recovery;

import java.nio.file.Path;

/**
 * The journal holds an entry that the code cannot apply: recovery stops there, naming the entry and the way out.
 * The state up to the last whole command before it is good; the journal itself is never changed by recovery.
 */
public final class RecoveryException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final long sequence;
    private final long lastGoodSequence;

    /**
     * @param sequence         of the entry that cannot be applied.
     * @param lastGoodSequence the record of the last whole command before it (0 when none).
     * @param entry            what the entry is (schema, template, length).
     * @param dataDir          the data directory, for the commands in the message.
     * @param cause            what the domain threw.
     */
    public RecoveryException(
        final long sequence, final long lastGoodSequence, final String entry, final Path dataDir,
        final Throwable cause)
    {
        super(message(sequence, lastGoodSequence, entry, dataDir, cause), cause);
        this.sequence = sequence;
        this.lastGoodSequence = lastGoodSequence;
    }

    private static String message(
        final long sequence, final long lastGoodSequence, final String entry, final Path dataDir,
        final Throwable cause)
    {
        final String text = "recovery cannot apply the journal entry at sequence " + sequence + " (" + entry +
            "): " + cause + ". Look at it with `sequent journal inspect --dir " + dataDir + " --from " + sequence +
            " --to " + sequence + "`";
        if (lastGoodSequence < 1)
        {
            return text + ". No whole command comes before it: nothing of this journal can be kept (move the " +
                "data directory away to start empty)";
        }
        // The commands named here are the ones the CLI has: journal truncate takes exactly this sequence.
        return text + ". The state up to sequence " + lastGoodSequence + " (the last whole command before it) is " +
            "good: see it with `sequent replay --dir " + dataDir + " --to " + lastGoodSequence + "`; to start from " +
            "there, cut the journal after it with `sequent journal truncate --dir " + dataDir + " --after " +
            lastGoodSequence + "` (it keeps a copy of what it cuts, with the snapshots after it, and the read " +
            "models are rebuilt at start)";
    }

    /**
     * @return sequence of the entry that cannot be applied.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return the record of the last whole command before it: where the good journal ends.
     */
    public long lastGoodSequence()
    {
        return lastGoodSequence;
    }
}
