package io.sequent.engine;

import io.sequent.codecs.engine.CommandRecordDecoder;
import io.sequent.codecs.engine.MessageHeaderDecoder;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.journal.JournalReader;
import io.sequent.journal.SegmentReport;
import org.agrona.collections.Long2LongHashMap;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * What a journal holds, command by command, for tests that must prove every acknowledged command is there exactly
 * once: the command records of one client, counted by correlation id, and a check of every segment.
 */
public final class JournalAudit
{
    private final Long2LongHashMap records = new Long2LongHashMap(0);
    private final Long2LongHashMap reasons = new Long2LongHashMap(-1);
    private final long lastSequence;
    private final long tornBytes;

    private JournalAudit(final JournalReader reader, final long clientId)
    {
        final List<SegmentReport> reports = reader.verify();
        final SegmentReport last = reports.isEmpty() ? null : reports.get(reports.size() - 1);
        lastSequence = last == null ? 0 : last.lastSequence();
        tornBytes = last == null ? 0 : last.tornBytes();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final CommandRecordDecoder record = new CommandRecordDecoder();
        reader.read(1, (sequence, timestamp, buffer, offset, length) ->
        {
            if (CommandRecords.isRecord(buffer, offset, length))
            {
                record.wrapAndApplyHeader(buffer, offset, header);
                if (record.clientId() == clientId)
                {
                    records.put(record.correlationId(), records.get(record.correlationId()) + 1);
                    reasons.put(record.correlationId(), record.reason());
                }
            }
        });
    }

    /**
     * Reads a journal from the real file system.
     *
     * @param journalDir the journal directory.
     * @param clientId   whose commands to count.
     * @return what the journal holds.
     */
    public static JournalAudit of(final Path journalDir, final long clientId)
    {
        return of(journalDir, clientId, JournalReader::open);
    }

    /**
     * @param journalDir the journal directory.
     * @param clientId   whose commands to count.
     * @param opener     opens the reader (with a storage seam or a keyring).
     * @return what the journal holds.
     */
    public static JournalAudit of(
        final Path journalDir, final long clientId, final Function<Path, JournalReader> opener)
    {
        try (JournalReader reader = opener.apply(journalDir))
        {
            return new JournalAudit(reader, clientId);
        }
    }

    /**
     * @param correlationId a command of the client.
     * @return how many records the journal holds for it: 1 for a command handled once.
     */
    public long records(final long correlationId)
    {
        return records.get(correlationId);
    }

    /**
     * @param correlationId a command of the client.
     * @return the reason its record holds, or -1 when it has none.
     */
    public int reason(final long correlationId)
    {
        return (int)reasons.get(correlationId);
    }

    /**
     * @return commands of the client with at least one record.
     */
    public int commands()
    {
        return records.size();
    }

    /**
     * @return whether some command has more than one record.
     */
    public boolean anyTwice()
    {
        final Long2LongHashMap.ValueIterator values = records.values().iterator();
        while (values.hasNext())
        {
            if (values.nextValue() > 1)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the journal's last sequence.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @return bytes of torn tail after the last frame (0: a clean end).
     */
    public long tornBytes()
    {
        return tornBytes;
    }
}
