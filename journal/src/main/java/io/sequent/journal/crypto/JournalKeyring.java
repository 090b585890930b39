package io.sequent.journal.crypto;

import io.sequent.codecs.config.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys that journal segments, archives and snapshots are encrypted with, by id (1 and up), and which of them new
 * files use. Text form, in a key file or the environment:
 * <pre>
 * # lines of id=64 hex digits (an AES-256 key), '#' comments
 * 1=8f3e...c2
 * 2=51a0...9d
 * current=2        # new files use key 2 (default: the highest id); "current=none" only reads
 * </pre>
 * Entries may also be separated by commas, and a lone 64-digit key stands for key 1 ({@code
 * SEQUENT_JOURNAL_KEY=8f3e...}).
 * Where the keys come from ({@link #fromSettings()}): the file named by {@value #KEY_FILE_PROP_NAME} (environment
 * {@code SEQUENT_JOURNAL_KEY_FILE}), else the keys in {@value #KEY_PROP_NAME} (environment {@code
 * SEQUENT_JOURNAL_KEY}),
 * else none: the journal is written in plain. To rotate, add a key and make it current: files written before keep
 * the id they name and stay readable while that key is in the keyring. Immutable.
 */
public final class JournalKeyring
{
    /** Setting naming a key file. */
    public static final String KEY_FILE_PROP_NAME = "sequent.journal.key.file";
    /** Setting holding the keys themselves (from the environment, {@code SEQUENT_JOURNAL_KEY}). */
    public static final String KEY_PROP_NAME = "sequent.journal.key";
    /** Bytes of a key: AES-256. */
    public static final int KEY_LENGTH = 32;

    private final Map<Integer, byte[]> keys;
    private final int currentId;
    private final String source;

    private JournalKeyring(final Map<Integer, byte[]> keys, final int currentId, final String source)
    {
        this.keys = keys;
        this.currentId = currentId;
        this.source = source;
    }

    /**
     * @param text   the keyring's text (see the class comment).
     * @param source where it came from, for messages ("key file /etc/sequent/keys").
     * @return the keyring.
     * @throws IllegalArgumentException naming the source and the entry that is wrong.
     */
    public static JournalKeyring parse(final String text, final String source)
    {
        final Map<Integer, byte[]> keys = new TreeMap<>();
        Integer current = null;
        boolean readOnly = false;
        int entry = 0;
        for (final String line : text.split("\\R"))
        {
            final int hash = line.indexOf('#');
            for (final String part : (hash >= 0 ? line.substring(0, hash) : line).split(","))
            {
                final String token = part.trim();
                if (token.isEmpty())
                {
                    continue;
                }
                entry++;
                final int equals = token.indexOf('=');
                if (equals < 0)
                {
                    keys.put(1, key(token, source, entry));
                    continue;
                }
                final String name = token.substring(0, equals).trim();
                final String value = token.substring(equals + 1).trim();
                if (name.equals("current"))
                {
                    readOnly = value.equals("none");
                    current = readOnly ? null : id(value, source, entry);
                }
                else
                {
                    keys.put(id(name, source, entry), key(value, source, entry));
                }
            }
        }
        if (keys.isEmpty())
        {
            throw new IllegalArgumentException(source + " holds no key: lines of id=64 hex digits (32 bytes)");
        }
        final int currentId = readOnly ? 0 : current != null ? current : ((TreeMap<Integer, byte[]>)keys).lastKey();
        if (currentId != 0 && !keys.containsKey(currentId))
        {
            throw new IllegalArgumentException(source + " names current=" + currentId + " but holds no key " +
                currentId);
        }
        return new JournalKeyring(Collections.unmodifiableMap(keys), currentId, source);
    }

    private static int id(final String text, final String source, final int entry)
    {
        try
        {
            final int id = Integer.parseInt(text);
            if (id < 1)
            {
                throw new NumberFormatException();
            }
            return id;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(source + ", entry " + entry + ": key id '" + text + "' is not a " +
                "number from 1");
        }
    }

    private static byte[] key(final String hex, final String source, final int entry)
    {
        try
        {
            final byte[] key = HexFormat.of().parseHex(hex);
            if (key.length == KEY_LENGTH)
            {
                return key;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            // reported below
        }
        throw new IllegalArgumentException(source + ", entry " + entry + ": a key is 64 hex digits (32 bytes, " +
            "AES-256), not " + hex.length() + " characters");
    }

    /**
     * @param file a key file.
     * @return its keyring.
     * @throws UncheckedIOException     when it cannot be read.
     * @throws IllegalArgumentException when it is not a keyring.
     */
    public static JournalKeyring load(final Path file)
    {
        try
        {
            return parse(Files.readString(file, StandardCharsets.UTF_8), "key file " + file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the journal key file " + file + " (" + KEY_FILE_PROP_NAME +
                "): " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the keyring the settings name ({@value #KEY_FILE_PROP_NAME}, else {@value #KEY_PROP_NAME}), or null
     *         when they name none.
     */
    public static JournalKeyring fromSettings()
    {
        final String file = Settings.string(KEY_FILE_PROP_NAME, null);
        if (file != null && !file.isBlank())
        {
            return load(Path.of(file));
        }
        final String keys = Settings.string(KEY_PROP_NAME, null);
        if (keys != null && !keys.isBlank())
        {
            return parse(keys, Settings.source(KEY_PROP_NAME) + " (" + KEY_PROP_NAME + ")");
        }
        return null;
    }

    /**
     * @param keyFile a key file, or null for {@link #fromSettings()}.
     * @return the keyring, or null when there is none.
     */
    public static JournalKeyring fromFileOrSettings(final Path keyFile)
    {
        return keyFile != null ? load(keyFile) : fromSettings();
    }

    /**
     * @param ids key ids to make, each a fresh random key; the last is current.
     * @return a new keyring, for tests and for making a key file ({@link #toText()}).
     */
    public static JournalKeyring generate(final int... ids)
    {
        final SecureRandom random = new SecureRandom();
        final StringBuilder text = new StringBuilder();
        for (final int id : ids)
        {
            final byte[] key = new byte[KEY_LENGTH];
            random.nextBytes(key);
            text.append(id).append('=').append(HexFormat.of().formatHex(key)).append('\n');
        }
        text.append("current=").append(ids[ids.length - 1]).append('\n');
        return parse(text.toString(), "generated keys");
    }

    /**
     * @param id the current key for new files, 0 for none (read only).
     * @return a keyring of the same keys with that key current.
     */
    public JournalKeyring withCurrent(final int id)
    {
        if (id != 0 && !keys.containsKey(id))
        {
            throw new IllegalArgumentException(source + " holds no key " + id);
        }
        return new JournalKeyring(keys, id, source);
    }

    /**
     * @param other another keyring.
     * @return the keys of both (this one's where ids clash), this one's current key.
     */
    public JournalKeyring with(final JournalKeyring other)
    {
        final Map<Integer, byte[]> all = new TreeMap<>(other.keys);
        all.putAll(keys);
        return new JournalKeyring(Collections.unmodifiableMap(all), currentId, source + " and " + other.source);
    }

    /**
     * @return the keyring as text, the form {@link #parse} reads: for writing a key file (owner-only!).
     */
    public String toText()
    {
        final StringBuilder text = new StringBuilder("# Sequent journal keys: id=AES-256 key (hex). Keep private.\n");
        keys.forEach((id, key) -> text.append(id).append('=').append(HexFormat.of().formatHex(key)).append('\n'));
        text.append("current=").append(currentId == 0 ? "none" : Integer.toString(currentId)).append('\n');
        return text.toString();
    }

    /**
     * @return the id of the key new files are encrypted with, 0 when new files are written in plain.
     */
    public int currentId()
    {
        return currentId;
    }

    /**
     * @return whether new files are encrypted.
     */
    public boolean encrypts()
    {
        return currentId != 0;
    }

    /**
     * @param id a key id.
     * @return whether the keyring holds it.
     */
    public boolean has(final int id)
    {
        return keys.containsKey(id);
    }

    /**
     * @param id   the key id a file names.
     * @param file the file, for the message.
     * @return the key (the keyring's own array: not to be changed).
     * @throws JournalKeyException naming the file and the id when the keyring does not hold it.
     */
    public byte[] key(final int id, final Object file)
    {
        final byte[] key = keys.get(id);
        if (key == null)
        {
            throw new JournalKeyException(id, file + " is encrypted with key id " + id + ", which " + source +
                " does not hold (it holds " + keys.keySet() + "): add that key to the keyring");
        }
        return key;
    }

    /**
     * @return where the keys came from, for messages.
     */
    public String source()
    {
        return source;
    }

    /**
     * @param keyId the key id a file names.
     * @param file  the file.
     * @return the error for an encrypted file when no keyring is given.
     */
    public static JournalKeyException missing(final int keyId, final Object file)
    {
        return new JournalKeyException(keyId, file + " is encrypted (key id " + keyId + ") and no key is given: " +
            "pass --key-file FILE, or set " + KEY_FILE_PROP_NAME + " (SEQUENT_JOURNAL_KEY_FILE) or " +
            "SEQUENT_JOURNAL_KEY");
    }

    @Override
    public String toString()
    {
        return "keyring(" + source + ": ids " + keys.keySet() + ", current " + (currentId == 0 ? "none" : currentId) +
            ")";
    }
}
