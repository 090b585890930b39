package io.sequent.metrics;

import io.aeron.CncFileDescriptor;
import io.sequent.gateway.GatewayCounters;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters of a running media driver's CnC file, read from outside the process that writes them, the way
 * Aeron's {@code AeronStat} reads them: the file is mapped read-only in effect (nothing is written) and every read
 * sees the live values.
 */
public final class CountersFile implements AutoCloseable
{
    private final File cncFile;
    private final MappedByteBuffer mapped;
    private final CountersReader reader;

    private CountersFile(final File cncFile, final MappedByteBuffer mapped, final CountersReader reader)
    {
        this.cncFile = cncFile;
        this.mapped = mapped;
        this.reader = reader;
    }

    /**
     * Maps the CnC file of a media driver.
     *
     * @param aeronDirectoryName the driver's directory, as the server printed it at start ({@code aeronDir=...}).
     * @return the counters, live.
     * @throws IllegalStateException when there is no driver there or its CnC file is of another version.
     */
    public static CountersFile open(final String aeronDirectoryName)
    {
        final File cncFile = new File(aeronDirectoryName, CncFileDescriptor.CNC_FILE);
        if (!cncFile.isFile() || cncFile.length() < CncFileDescriptor.END_OF_METADATA_OFFSET)
        {
            throw new IllegalStateException("no media driver at " + aeronDirectoryName + " (no " + cncFile +
                "): pass the aeron dir the server printed at start (aeronDir=...)");
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(cncFile, "cnc");
        try
        {
            final DirectBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            final int version = metaData.getInt(CncFileDescriptor.cncVersionOffset(0));
            if (version == 0)
            {
                throw new IllegalStateException("the media driver at " + aeronDirectoryName +
                    " is still starting: try again");
            }
            CncFileDescriptor.checkVersion(version);
            final CountersReader reader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, metaData),
                CncFileDescriptor.createCountersValuesBuffer(mapped, metaData));
            return new CountersFile(cncFile, mapped, reader);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    /**
     * @return the reader over the live counters.
     */
    public CountersReader reader()
    {
        return reader;
    }

    /**
     * @return the Sequent gateway's counters now, label to value, in the order they were created.
     */
    public Map<String, Long> sequentCounters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == GatewayCounters.TYPE_ID)
            {
                counters.put(label, reader.getCounterValue(counterId));
            }
        });
        return counters;
    }

    /**
     * @return every counter of the driver now (Aeron's own included), label to value.
     */
    public Map<String, Long> allCounters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        reader.forEach((counterId, label) -> counters.put(label, reader.getCounterValue(counterId)));
        return counters;
    }

    /**
     * @param label a Sequent counter's full label, e.g. {@code "sequent: commands received"}.
     * @return its value now.
     * @throws IllegalStateException when no such counter exists.
     */
    public long value(final String label)
    {
        final Long value = sequentCounters().get(label);
        if (value == null)
        {
            throw new IllegalStateException("no counter '" + label + "' in " + cncFile);
        }
        return value;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
