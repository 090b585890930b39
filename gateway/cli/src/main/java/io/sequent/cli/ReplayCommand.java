package io.sequent.cli;

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
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sequent replay DIR --to SEQ}: the exchange state as it was after a given sequence (time travel), from the
 * newest snapshot at or before it plus the journal; read only, safe while a server runs.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Rebuild the state at a sequence and print its hash (domain and client ledger) and a summary.")
public final class ReplayCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "data directory")
    Path dir;

    @Option(names = "--to", defaultValue = "9223372036854775807", description = "last sequence to apply (default: all)")
    long to;

    @Mixin
    KeyFileOption key;

    @Override
    public Integer call()
    {
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
        try (JournalReader reader = JournalReader.open(JournalCommand.journalDir(dir), FileSegmentStorage.INSTANCE,
            keyring))
        {
            replayed = reader.read(from, to, (sequence, timestamp, buffer, offset, length) ->
            {
                engineState.onFrame(sequence, timestamp, buffer, offset, length);
                last[0] = sequence;
            });
        }
        System.out.printf("state at sequence %d: hash %016x (snapshot %s, then %d events replayed)%n", last[0],
            engineState.hash(), snapshot == null ? "none" : snapshot.file().getFileName(), replayed);
        System.out.printf("accounts %d, instruments %d, live orders %d, next order id %d%n", state.accountCount(),
            state.instrumentCount(), state.orderCount(), state.nextOrderId());
        return 0;
    }
}
