package io.sequent.cli;

import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.output.JsonWriter;
import io.sequent.engine.EngineContext;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.engine.state.EngineState;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.journal.JournalReader;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sequent replay --dir DIR --to SEQ}: the exchange state as it was after a given sequence (time travel), from
 * the newest snapshot at or before it plus the journal; read only, safe while a server runs.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Rebuild the state at a sequence and print its hash (domain and client ledger) and a summary.")
public final class ReplayCommand implements Callable<Integer>
{
    @Mixin
    DataDirOption data;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--to", defaultValue = "9223372036854775807", description = "last sequence to apply (default: all)")
    long to;

    @Option(names = "--json", description = "one JSON document instead of the lines")
    boolean json;
    @Mixin
    KeyFileOption key;

    @Override
    public Integer call()
    {
        final Path dir = data.resolve();
        final Path journalDir = JournalCommand.journalDir(dir);
        final JournalKeyring keyring = key.keyring();
        final ExchangeDomain domain = new ExchangeDomain();
        final int window = new EngineContext<ExchangeState>().dedupWindow();
        final SnapshotStore.Loaded<ExchangeState> snapshot =
            new SnapshotStore(dir.resolve("snapshots"), 1, FileSegmentStorage.INSTANCE, keyring)
                .loadNewest(domain, to, window);
        final EngineState<ExchangeState> engineState = snapshot != null ?
            new EngineState<>(domain, snapshot.state(), snapshot.ledger()) : EngineState.empty(domain, window);
        final ExchangeState state = engineState.state();
        final long from = snapshot != null ? snapshot.lastSequence() + 1 : 1;
        final long[] last = { from - 1 };
        final long replayed;
        try (JournalReader reader = JournalReader.open(journalDir, FileSegmentStorage.INSTANCE, keyring))
        {
            final Progress progress = new Progress("replaying the journal from sequence " + from, 0, System.err);
            replayed = reader.read(from, to, (sequence, timestamp, buffer, offset, length) ->
            {
                engineState.onFrame(sequence, timestamp, buffer, offset, length);
                last[0] = sequence;
                progress.update(sequence - from + 1);
            });
            progress.finish(replayed);
        }
        final String snapshotName = snapshot == null ? "none" : snapshot.file().getFileName().toString();
        if (json)
        {
            System.out.println(new JsonWriter().beginObject().member("sequence", last[0])
                .member("hash", String.format("%016x", engineState.hash())).member("snapshot", snapshotName)
                .member("replayed", replayed).member("accounts", state.accountCount())
                .member("instruments", state.instrumentCount()).member("liveOrders", state.orderCount())
                .member("nextOrderId", state.nextOrderId()).endObject());
            return 0;
        }
        System.out.printf("state at sequence %d: hash %016x (snapshot %s, then %d events replayed)%n", last[0],
            engineState.hash(), snapshotName, replayed);
        System.out.printf("accounts %d, instruments %d, live orders %d, next order id %d%n", state.accountCount(),
            state.instrumentCount(), state.orderCount(), state.nextOrderId());
        return 0;
    }
}
