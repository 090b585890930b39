package io.sequent.cli;

import io.sequent.auth.Credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Edits a server's credentials file line by line ({@code clientId=hex secret}, {@code #} comments kept): the client
 * ids it names, a client removed, a client's secret replaced. Every change is written to a new owner-only file that
 * then replaces the old one, so a crash mid-way leaves the old file whole.
 */
public final class CredentialsFile
{
    private final Path file;

    /**
     * @param file the credentials file; it must exist and parse.
     * @throws IllegalStateException when there is no such file.
     */
    public CredentialsFile(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalStateException("no credentials file at " + file.toAbsolutePath() + ": create it with " +
                "`sequent credentials add --file " + file + " --client ID`");
        }
        Credentials.load(file);
        this.file = file;
    }

    /**
     * @return the client ids, in file order.
     */
    public List<Long> clientIds()
    {
        final List<Long> ids = new ArrayList<>();
        for (final String line : lines())
        {
            final long id = clientId(line);
            if (id != Long.MIN_VALUE)
            {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * @param clientId a client to remove.
     * @return whether it was there.
     */
    public boolean remove(final long clientId)
    {
        final List<String> kept = new ArrayList<>();
        boolean found = false;
        for (final String line : lines())
        {
            if (clientId(line) == clientId)
            {
                found = true;
            }
            else
            {
                kept.add(line);
            }
        }
        if (found)
        {
            write(kept);
        }
        return found;
    }

    /**
     * @param clientId a client the file names.
     * @return its new random secret, which replaces the old one; null when the client is not in the file.
     */
    public byte[] rotate(final long clientId)
    {
        final byte[] secret = Credentials.generateSecret();
        final List<String> changed = new ArrayList<>();
        boolean found = false;
        for (final String line : lines())
        {
            if (clientId(line) == clientId)
            {
                found = true;
                changed.add(clientId + "=" + HexFormat.of().formatHex(secret));
            }
            else
            {
                changed.add(line);
            }
        }
        if (!found)
        {
            return null;
        }
        write(changed);
        return secret;
    }

    private List<String> lines()
    {
        try
        {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the credentials file " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static long clientId(final String line)
    {
        final String text = line.strip();
        final int equals = text.indexOf('=');
        if (text.isEmpty() || text.startsWith("#") || equals < 1)
        {
            return Long.MIN_VALUE;
        }
        return Long.parseLong(text.substring(0, equals).strip());
    }

    private void write(final List<String> lines)
    {
        final Path target = file.toAbsolutePath();
        final Path temp = target.resolveSibling(target.getFileName() + ".new");
        try
        {
            Files.deleteIfExists(temp);
            Files.createFile(temp);
            if (Files.getFileStore(temp).supportsFileAttributeView("posix"))
            {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the credentials file " + file + ": " + ex.getMessage(), ex);
        }
    }
}
