package io.sequent.codecs.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default driver directory is one per user and the same on every call, so a client started later finds it.
 */
class DefaultAeronDirectoryTest
{
    @Test
    void theServersDirectoryIsStableAndNamedForTheUser()
    {
        final String dir = DefaultAeronDirectory.forServer();
        assertEquals(dir, DefaultAeronDirectory.forServer());
        assertEquals("sequent-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_"),
            Path.of(dir).getFileName().toString());
        assertTrue(dir.startsWith("/dev/shm/") || dir.startsWith(System.getProperty("java.io.tmpdir")), dir);
        assertTrue(DefaultAeronDirectory.isDefault(dir));
    }
}
