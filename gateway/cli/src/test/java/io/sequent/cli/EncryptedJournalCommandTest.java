package io.sequent.cli;

import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.journal.crypto.JournalKeyring;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator commands on an encrypted data directory take the key: {@code journal verify}, {@code journal inspect},
 * {@code replay} and {@code snapshot list} with {@code --key-file} read it as they read a plain one; without the key
 * or with another, they fail saying which segment and which key id.
 */
class EncryptedJournalCommandTest
{
    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private long outcomes;
    private final OutcomeHandler count =
        (session, correlation, sequence, timestamp, reason, detail, duplicate) -> ++outcomes > 0;

    private void execute(final Engine<ExchangeState> engine, final long correlationId, final int length)
    {
        final long expected = outcomes + 1;
        while (engine.offer(1, correlationId, buffer, 0, length) < 0)
        {
            engine.responder().poll(count);
        }
        while (outcomes < expected)
        {
            engine.responder().poll(count);
        }
    }

    private String run(final int expectedExit, final String... args)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(expectedExit, new CommandLine(new SequentCli()).execute(args), String.join(" ", args));
        }
        finally
        {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verifyInspectReplayAndSnapshotListTakeTheKeyAndNameTheSegmentWithoutIt() throws Exception
    {
        final Path data = dir.resolve("data");
        final JournalKeyring keys = JournalKeyring.generate(4);
        final Path keyFile = dir.resolve("journal.keys");
        Files.writeString(keyFile, keys.toText());
        final long hash;
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(data)
            .domain(ExchangeDomain::new).keyring(keys).snapshotEveryEvents(4)))
        {
            execute(engine, 1, commands.openAccount(buffer, 0, 7));
            execute(engine, 2, commands.deposit(buffer, 0, 7, 2, 1_234));
            execute(engine, 3, commands.withdraw(buffer, 0, 7, 2, 34));
            engine.close();
            hash = engine.stateHash();
        }

        final String verified = run(0, "journal", "verify", data.toString(), "--key-file", keyFile.toString());
        assertTrue(verified.contains("format 3 (AES-256-GCM, key id 4)") &&
            verified.contains("6 frames, last sequence 6"), verified);
        final String[] lines = run(0, "journal", "inspect", data.toString(), "--key-file", keyFile.toString())
            .trim().split("\n");
        assertEquals(6, lines.length);
        assertTrue(lines[2].contains("\"amount\": 1234"), lines[2]);
        final String replayed = run(0, "replay", data.toString(), "--key-file", keyFile.toString());
        assertTrue(replayed.contains(String.format("hash %016x", hash)), replayed);
        assertTrue(run(0, "snapshot", "list", data.toString(), "--key-file", keyFile.toString()).contains("ok"));

        final String missing = run(3, "journal", "verify", data.toString());
        assertTrue(missing.contains("00000000000000000001.seg") && missing.contains("key id 4") &&
            missing.contains("--key-file"), missing);
        final Path otherKey = dir.resolve("other.keys");
        Files.writeString(otherKey, JournalKeyring.generate(4).toText());
        final String wrong = run(3, "journal", "verify", data.toString(), "--key-file", otherKey.toString());
        assertTrue(wrong.contains("key id 4") && wrong.contains("does not authenticate"), wrong);
        assertEquals(1, new CommandLine(new SequentCli()).execute("replay", data.toString()),
            "replay without the key fails");
    }
}
