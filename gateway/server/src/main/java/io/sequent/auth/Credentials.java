package io.sequent.auth;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The clients a server knows, the secret of each and what each may do. Loaded from a credentials file, one client a
 * line: {@code clientId=hex secret}, optionally followed by {@code roles=trade,read,admin} ({@code #} starts a
 * comment), which only its owner should be able to read; or built in code for tests and embedded use. A client whose
 * line names no roles has {@link #DEFAULT_ROLES}.
 */
public final class Credentials
{
    /** Length of the secrets {@link #generateSecret()} makes, in bytes. */
    public static final int SECRET_LENGTH = 32;
    /** Shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_LENGTH = 16;
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Role: may send commands. */
    public static final int TRADE = 1;
    /** Role: may read every event (subscriptions of scope ALL) and every read model. */
    public static final int READ = 2;
    /** Role: may ask for operations (snapshots). */
    public static final int ADMIN = 4;
    /** The roles of a client whose line names none: what every client could do before roles existed. */
    public static final int DEFAULT_ROLES = TRADE | READ;

    private final Long2ObjectHashMap<byte[]> secrets = new Long2ObjectHashMap<>();
    private final Long2LongHashMap roles = new Long2LongHashMap(-1);

    /**
     * Adds or replaces a client.
     *
     * @param clientId the client's id.
     * @param secret   its secret, at least {@link #MIN_SECRET_LENGTH} bytes.
     * @return this.
     */
    public Credentials add(final long clientId, final byte[] secret)
    {
        return add(clientId, secret, DEFAULT_ROLES);
    }

    /**
     * Adds or replaces a client with its roles.
     *
     * @param clientId the client's id.
     * @param secret   its secret, at least {@link #MIN_SECRET_LENGTH} bytes.
     * @param roles    what it may do: {@link #TRADE}, {@link #READ}, {@link #ADMIN}, or'ed.
     * @return this.
     */
    public Credentials add(final long clientId, final byte[] secret, final int roles)
    {
        this.roles.put(clientId, roles);
        if (secret == null || secret.length < MIN_SECRET_LENGTH)
        {
            throw new IllegalArgumentException("the secret of client " + clientId + " must have at least " +
                MIN_SECRET_LENGTH + " bytes (" + 2 * MIN_SECRET_LENGTH + " hex digits)");
        }
        secrets.put(clientId, secret.clone());
        return this;
    }

    /**
     * @param clientId a client's id.
     * @return its secret, or null when the client is unknown.
     */
    public byte[] secret(final long clientId)
    {
        return secrets.get(clientId);
    }

    /**
     * @param clientId a client's id.
     * @return its roles ({@link #TRADE}, {@link #READ}, {@link #ADMIN} or'ed); {@link #DEFAULT_ROLES} when unknown.
     */
    public int roles(final long clientId)
    {
        final long known = roles.get(clientId);
        return known < 0 ? DEFAULT_ROLES : (int)known;
    }

    /**
     * @param names comma-separated role names: trade, read, admin.
     * @return the roles.
     * @throws IllegalArgumentException naming an unknown role.
     */
    public static int parseRoles(final String names)
    {
        int parsed = 0;
        for (final String name : names.split(","))
        {
            parsed |= switch (name.strip())
            {
                case "trade" -> TRADE;
                case "read" -> READ;
                case "admin" -> ADMIN;
                default -> throw new IllegalArgumentException("unknown role '" + name.strip() + "': use trade, " +
                    "read or admin");
            };
        }
        return parsed;
    }

    /**
     * @return how many clients are known.
     */
    public int size()
    {
        return secrets.size();
    }

    /**
     * Reads a credentials file, warning when others than its owner may read it.
     *
     * @param file the credentials file.
     * @return the clients it names.
     */
    public static Credentials load(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the credentials file " + file + ": " + ex.getMessage(), ex);
        }
        warnUnlessOwnerOnly(file);
        final Credentials credentials = new Credentials();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final int equals = line.indexOf('=');
            try
            {
                if (equals < 1)
                {
                    throw new IllegalArgumentException("no '='");
                }
                final long clientId = Long.parseLong(line.substring(0, equals).strip());
                final String[] rest = line.substring(equals + 1).strip().split("\\s+");
                int clientRoles = DEFAULT_ROLES;
                for (int f = 1; f < rest.length; f++)
                {
                    if (!rest[f].startsWith("roles="))
                    {
                        throw new IllegalArgumentException("unknown field '" + rest[f] + "'");
                    }
                    clientRoles = parseRoles(rest[f].substring("roles=".length()));
                }
                credentials.add(clientId, HexFormat.of().parseHex(rest[0]), clientRoles);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("credentials file " + file + " line " + (i + 1) +
                    ": expected 'clientId=hex secret [roles=trade,read,admin]' (" + ex.getMessage() + ")", ex);
            }
        }
        return credentials;
    }

    /**
     * Appends a client with a new random secret to a credentials file, creating the file readable by its owner
     * only when it does not exist.
     *
     * @param file     the credentials file.
     * @param clientId the new client's id.
     * @return the new secret, for the client's configuration.
     */
    public static byte[] addToFile(final Path file, final long clientId)
    {
        try
        {
            if (Files.exists(file) && load(file).secret(clientId) != null)
            {
                throw new IllegalArgumentException("client " + clientId + " is already in " + file +
                    ": remove its line first to give it a new secret");
            }
            final Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!Files.exists(file))
            {
                Files.createFile(file);
                setOwnerOnly(file);
            }
            final byte[] secret = generateSecret();
            Files.writeString(file, clientId + "=" + HexFormat.of().formatHex(secret) + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return secret;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the credentials file " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return a new random secret of {@link #SECRET_LENGTH} bytes.
     */
    public static byte[] generateSecret()
    {
        final byte[] secret = new byte[SECRET_LENGTH];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private static void setOwnerOnly(final Path file) throws IOException
    {
        if (Files.getFileStore(file).supportsFileAttributeView("posix"))
        {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static void warnUnlessOwnerOnly(final Path file)
    {
        try
        {
            if (Files.getFileStore(file).supportsFileAttributeView("posix"))
            {
                final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                permissions.removeAll(OWNER_ONLY);
                permissions.remove(PosixFilePermission.OWNER_EXECUTE);
                if (!permissions.isEmpty())
                {
                    LOG.warn("the credentials file {} can be read by others than its owner ({}): " +
                        "chmod 600 {}", file, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        file);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot check the permissions of the credentials file {}: {}", file, ex.getMessage());
        }
    }
}
