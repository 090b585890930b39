package io.sequent.jmh;

import com.lmax.disruptor.Sequence;
import io.sequent.engine.consumer.JournalSyncAgent;
import io.sequent.journal.DurabilityPolicy;
import io.sequent.journal.JournalFrame;
import io.sequent.journal.JournalSync;
import io.sequent.journal.JournalWriter;
import io.sequent.journal.RetentionPolicy;
import io.sequent.journal.SegmentRetention;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.sequent.journal.crypto.JournalKeyring;

/**
 * Journal appends per second under each durability policy, the way the journaler appends: {@code batch} frames of
 * a typical exchange event ({@code OrderAccepted}: 66 bytes, a 96-byte frame), then the policy's flush (a force for
 * {@code batch}; for {@code interval} a sync thread forces at most every {@code syncIntervalMs}). One op is one
 * frame; the {@code bytes} counter is frame bytes per second, to set against {@code jmh/journal-vs-dd.sh}, which
 * writes the same block size ({@code batch} x frame) with dd. Segments roll as in production, the next one
 * prepared ahead on a journal I/O thread; the benchmark deletes the sealed ones so the disk does not fill.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JournalAppendBenchmark
{
    /** Frames per batch, flushed together (group commit); also the ops per invocation. */
    public static final int BATCH = 32;

    /** Durability policy: none, batch or interval. */
    @Param({ "none", "batch", "interval" })
    public String durability;

    /** Bytes of each message (SBE header and body). */
    @Param({ "66" })
    public int messageLength;

    /** With the interval policy, least time between forces. */
    @Param({ "10" })
    public long syncIntervalMs;

    /** Length of each segment file. */
    @Param({ "67108864" })
    public long segmentLength;

    /** Whether segments are encrypted (AES-256-GCM, a block sealed per batch): {@code -p encrypted=false,true}. */
    @Param({ "false" })
    public boolean encrypted;

    private Path dir;
    private JournalWriter writer;
    private SegmentRetention retention;
    private UnsafeBuffer message;
    private final Sequence journaled = new Sequence();
    private final Sequence durable = new Sequence();
    private AgentRunner journalIoRunner;
    private long sequence;
    private long segments;

    /**
     * Bytes written, reported per second next to the appends.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Written
    {
        /** Frame bytes appended (headers and alignment included). */
        public long bytes;
    }

    /**
     * Opens a journal in a fresh directory (under {@code sequent.jmh.dir}, default the temp directory).
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final String base = System.getProperty("sequent.jmh.dir");
        dir = base == null ? Files.createTempDirectory("sequent-journal-jmh-") :
            Files.createTempDirectory(Files.createDirectories(Path.of(base)), "sequent-journal-jmh-");
        final DurabilityPolicy policy = DurabilityPolicy.parse(durability);
        writer = JournalWriter.open(dir, new JournalWriter.Context()
            .segmentLength(segmentLength).durability(policy).schemaId(1).schemaVersion(1)
            .keyring(encrypted ? JournalKeyring.generate(1) : null));
        retention = new SegmentRetention(dir, RetentionPolicy.DELETE);
        message = new UnsafeBuffer(new byte[messageLength]);
        for (int i = 0; i < messageLength; i++)
        {
            message.putByte(i, (byte)(i * 31));
        }
        // As in the engine: one journal I/O thread prepares the next segment and, for interval, forces.
        final List<Agent> journalIo = new ArrayList<>();
        journalIo.add(writer.segmentPreparer());
        if (policy == DurabilityPolicy.INTERVAL)
        {
            journalIo.add(new JournalSyncAgent(new JournalSync(writer), journaled, durable,
                TimeUnit.MILLISECONDS.toNanos(syncIntervalMs), new SystemNanoClock()));
        }
        journalIoRunner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null,
            new CompositeAgent(journalIo));
        AgentRunner.startOnThread(journalIoRunner);
    }

    /**
     * Appends one batch and applies the policy, as the journaler does at the end of a ring batch.
     *
     * @param written counts the bytes.
     * @return the last position, so nothing is optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendBatch(final Written written)
    {
        long position = 0;
        for (int i = 0; i < BATCH; i++)
        {
            position = writer.append(++sequence, sequence, message, 0, messageLength);
        }
        writer.flush();
        journaled.set(sequence);
        written.bytes += (long)BATCH * JournalFrame.alignedLength(JournalFrame.HEADER_LENGTH + messageLength);
        if (writer.segmentsCreated() != segments)
        {
            segments = writer.segmentsCreated();
            retention.apply(sequence);
        }
        return position;
    }

    /**
     * Stops the sync thread and deletes the journal.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        journalIoRunner.close();
        writer.close();
        IoUtil.delete(dir.toFile(), true);
    }
}
