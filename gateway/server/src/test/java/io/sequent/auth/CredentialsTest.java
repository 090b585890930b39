package io.sequent.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.codecs.auth.ChallengeProof;

/**
 * The credentials file and the challenge proof.
 */
class CredentialsTest
{
    @TempDir
    Path dir;

    @Test
    void addedClientsAreReadBackFromAnOwnerOnlyFile() throws IOException
    {
        final Path file = dir.resolve("server").resolve("credentials");
        final byte[] first = Credentials.addToFile(file, 7);
        final byte[] second = Credentials.addToFile(file, 8);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        final Credentials credentials = Credentials.load(file);
        assertEquals(2, credentials.size());
        assertArrayEquals(first, credentials.secret(7));
        assertArrayEquals(second, credentials.secret(8));
        assertNull(credentials.secret(9));
        assertThrows(IllegalArgumentException.class, () -> Credentials.addToFile(file, 7), "no silent new secret");
    }

    @Test
    void aBadLineNamesTheFileAndLine() throws IOException
    {
        final Path file = dir.resolve("credentials");
        Files.writeString(file, "# clients\n1=00112233445566778899aabbccddeeff\n2:abc\n");
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Credentials.load(file));
        assertTrue(bad.getMessage().contains("line 3"), bad.getMessage());
        Files.writeString(file, "1=0011\n");
        final IllegalArgumentException shortSecret =
            assertThrows(IllegalArgumentException.class, () -> Credentials.load(file));
        assertTrue(shortSecret.getMessage().contains("at least 16 bytes"), shortSecret.getMessage());
    }

    @Test
    void aProofHoldsOnlyForItsSecretNonceClientAndSession()
    {
        final byte[] secret = Credentials.generateSecret();
        final byte[] nonce = new byte[ChallengeProof.NONCE_LENGTH];
        nonce[3] = 42;
        final ChallengeProof proof = new ChallengeProof();
        final byte[] bytes = new byte[ChallengeProof.PROOF_LENGTH];
        proof.compute(secret, nonce, 5, 1000, bytes);
        assertTrue(proof.verify(secret, nonce, 5, 1000, bytes));
        assertFalse(proof.verify(Credentials.generateSecret(), nonce, 5, 1000, bytes));
        assertFalse(proof.verify(secret, nonce, 6, 1000, bytes));
        assertFalse(proof.verify(secret, nonce, 5, 1001, bytes));
        nonce[3] = 43;
        assertFalse(proof.verify(secret, nonce, 5, 1000, bytes));
    }
}
