package io.sequent.client;

import io.sequent.codecs.config.DefaultAeronDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a client looks for its media driver when nothing says, and what it says when no driver is there.
 */
class DriverDirectoryTest
{
    @Test
    void withNoAeronDirSetTheClientLooksWhereSequentServerPutsItsDriver()
    {
        final ClientContext ctx = new ClientContext().clientId(1).secretHex("0a0b").conclude();
        assertEquals(DefaultAeronDirectory.forClient(), ctx.aeronDirectoryName());
        assertTrue(DefaultAeronDirectory.isDefault(ctx.aeronDirectoryName()), ctx.aeronDirectoryName());
    }

    @Test
    void aMissingDriverIsExplainedWithWhatToDo(@TempDir final Path dir)
    {
        final String missing = dir.resolve("no-driver-here").toString();
        final SequentClientException ex = assertThrows(SequentClientException.class, () ->
            SequentClient.connect(new ClientContext().aeronDirectoryName(missing).clientId(1).secretHex("0a0b")));
        assertTrue(ex.getMessage().startsWith("no Aeron media driver is running in " + missing), ex.getMessage());
        assertTrue(ex.getMessage().contains("start the server"), ex.getMessage());
        assertTrue(ex.getMessage().contains("aeron.dir") && ex.getMessage().contains("--aeron-dir"),
            ex.getMessage());
    }
}
