package io.sequent.cli.config;

import io.sequent.journal.DurabilityPolicy;

import java.nio.file.Path;

/**
 * The server settings a command's flags gave, each null when its flag was not given: a flag overrides every other
 * source, and only when it is given.
 *
 * @param dir        {@code --dir}.
 * @param ingress    {@code --ingress}.
 * @param durability {@code --durability}.
 * @param authFile   {@code --auth-file}.
 * @param aeronDir   {@code --aeron-dir}.
 * @param httpPort   {@code --http}: the HTTP face's port.
 */
public record ServerFlags(
    Path dir, String ingress, DurabilityPolicy durability, Path authFile, String aeronDir, Integer httpPort)
{
    /**
     * The flags of a command without an HTTP face flag.
     *
     * @param dir        {@code --dir}.
     * @param ingress    {@code --ingress}.
     * @param durability {@code --durability}.
     * @param authFile   {@code --auth-file}.
     * @param aeronDir   {@code --aeron-dir}.
     */
    public ServerFlags(
        final Path dir, final String ingress, final DurabilityPolicy durability, final Path authFile,
        final String aeronDir)
    {
        this(dir, ingress, durability, authFile, aeronDir, null);
    }
}
