package io.sequent.cli;

import io.sequent.journal.crypto.JournalKeyring;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --key-file FILE}: the keyring of an encrypted journal and its snapshots (lines {@code id=64 hex digits},
 * {@code current=id}). Without it, the keys the settings name: {@code sequent.journal.key.file}
 * ({@code SEQUENT_JOURNAL_KEY_FILE}) or {@code SEQUENT_JOURNAL_KEY}; with neither, plain files only.
 */
public final class KeyFileOption
{
    @Option(names = "--key-file", paramLabel = "FILE",
        description = "keyring of an encrypted journal and snapshots (default: sequent.journal.key.file or " +
            "SEQUENT_JOURNAL_KEY; none: plain)")
    Path keyFile;

    /**
     * @return the keyring, or null when none is given.
     */
    JournalKeyring keyring()
    {
        return JournalKeyring.fromFileOrSettings(keyFile);
    }
}
