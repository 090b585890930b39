/**
 * Encryption at rest of the journal's segments and archives and of the engine's snapshots: AES-256-GCM through the
 * JDK's {@code javax.crypto}.
 * <ul>
 *     <li>{@link io.sequent.journal.crypto.JournalKeyring}: the keys, by id, from a key file
 *     ({@code sequent.journal.key.file}) or the environment ({@code SEQUENT_JOURNAL_KEY}); new files use its current
 *     key, each file names the id it was written with, so keys rotate at a segment (or snapshot) boundary and old
 *     files stay readable while their key is in the keyring.</li>
 *     <li>{@link io.sequent.journal.crypto.AeadCipher}: one file's cipher. Every file has a random 16-byte salt in its
 *     header and is encrypted under a key of its own, derived from the keyring's key, the key id, the salt and what
 *     the file is (HMAC-SHA256), so no two files share a key; within a file every nonce is used once (a journal
 *     block's nonce is its first sequence, and a segment is written by one writer only: a writer that opens an
 *     encrypted journal seals its newest segment and starts a new one, so a sequence that a torn tail gives back is
 *     written again under another segment's key). The GCM tag authenticates every block and header: a file altered
 *     by anyone without the key fails it, and so does a wrong key.</li>
 * </ul>
 */
package io.sequent.journal.crypto;
