package io.sequent.engine;

import io.sequent.codecs.RejectReason;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sequencer's generic checks give exact reasons, change nothing, and the engine goes on serving.
 */
class CommandValidationTest
{
    @TempDir
    Path dir;

    private Engine<ExchangeState> engine;
    private EngineDriver driver;
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private long correlationId;

    @BeforeEach
    void start()
    {
        engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir).domain(ExchangeDomain::new)
            .journalSegmentLength(1 << 20).commandSlotCapacity(256));
        driver = new EngineDriver(engine);
        assertEquals(0, driver.execute(++correlationId, buffer, 0, commands.openAccount(buffer, 0, 1)));
    }

    @AfterEach
    void stop()
    {
        engine.close();
    }

    private void assertStillServing()
    {
        assertEquals(0, driver.execute(++correlationId, buffer, 0, commands.deposit(buffer, 0, 1, 0, 10)));
    }

    @Test
    void aCommandShorterThanAHeaderIsMalformed()
    {
        assertEquals(RejectReason.MALFORMED_COMMAND, driver.execute(++correlationId, buffer, 0, 5));
        assertStillServing();
    }

    @Test
    void aBodyShorterThanItsHeaderSaysIsMalformed()
    {
        final int length = commands.deposit(buffer, 0, 1, 0, 10);
        assertEquals(RejectReason.MALFORMED_COMMAND, driver.execute(++correlationId, buffer, 0, length - 1));
        assertStillServing();
    }

    @Test
    void aForeignSchemaIsRejected()
    {
        final int length = commands.deposit(buffer, 0, 1, 0, 10);
        buffer.putShort(4, (short)(MessageHeaderEncoder.SCHEMA_ID + 1));
        assertEquals(RejectReason.WRONG_SCHEMA, driver.execute(++correlationId, buffer, 0, length));
        assertStillServing();
    }

    @Test
    void aNewerSchemaVersionIsRejected()
    {
        final int length = commands.deposit(buffer, 0, 1, 0, 10);
        buffer.putShort(6, (short)(MessageHeaderEncoder.SCHEMA_VERSION + 1));
        assertEquals(RejectReason.UNSUPPORTED_VERSION, driver.execute(++correlationId, buffer, 0, length));
        assertStillServing();
    }

    @Test
    void anUnknownTemplateIsRejected()
    {
        final int length = commands.deposit(buffer, 0, 1, 0, 10);
        buffer.putShort(2, (short)77);
        assertEquals(RejectReason.UNKNOWN_COMMAND, driver.execute(++correlationId, buffer, 0, length));
        assertStillServing();
    }

    @Test
    void aCommandLargerThanASlotIsRefusedAtTheRing()
    {
        assertEquals(Engine.TOO_LARGE, engine.offer(7, ++correlationId, buffer, 0, 257));
        assertStillServing();
    }

    @Test
    void rejectedCommandsChangeNothing()
    {
        assertStillServing();
        assertEquals(RejectReason.MALFORMED_COMMAND, driver.execute(++correlationId, buffer, 0, 3));
        final int withdraw = commands.withdraw(buffer, 0, 1, 0, 1_000);
        final int insufficient = driver.execute(++correlationId, buffer, 0, withdraw);
        engine.close();
        assertEquals(io.sequent.exchange.api.ExchangeReasons.INSUFFICIENT_FUNDS, insufficient);
        assertEquals(10, engine.closedState().available(1, 0));
    }
}
