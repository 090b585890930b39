package io.sequent.cli;

import io.sequent.cluster.ClusterNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sequent cluster-node} refuses what it cannot run on, before it binds or writes anything, and says what to
 * do: a bad member list, a node id not in it, a port in use, a single-node data directory, a directory created with
 * another member list, no credentials.
 */
final class ClusterNodeStartupTest
{
    @TempDir
    Path dir;

    @Test
    void aBadMemberListIsAUsageError()
    {
        final CliRun even = run("localhost:30000,localhost:30010", 0, dir.resolve("node"));
        assertEquals(2, even.exit(), even.toString());
        assertTrue(even.err().contains("a cluster needs an odd number"), even.err());

        final CliRun noPort = run("localhost,localhost:30010,localhost:30020", 0, dir.resolve("node"));
        assertEquals(2, noPort.exit(), noPort.toString());
        assertTrue(noPort.err().contains("is not host:port"), noPort.err());

        final CliRun overlap = run("localhost:30000,localhost:30003,localhost:30020", 0, dir.resolve("node"));
        assertEquals(2, overlap.exit(), overlap.toString());
        assertTrue(overlap.err().contains("overlap"), overlap.err());
    }

    @Test
    void aNodeIdOutsideTheListIsRefused() throws Exception
    {
        credentials();
        final CliRun run = run(members(base()), 3, dir.resolve("node"));
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("--node-id 3 is not in --members"), run.err());
    }

    @Test
    void aPortInUseIsNamedWithWhatToDo() throws Exception
    {
        credentials();
        final int base = base();
        try (DatagramSocket taken = new DatagramSocket(null))
        {
            taken.bind(new InetSocketAddress("localhost", base + 1));
            final CliRun run = run(members(base), 0, dir.resolve("node"));
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.err().contains("cannot use UDP port " + (base + 1)), run.err());
            assertTrue(run.err().contains("consensus port"), run.err());
            assertTrue(run.err().contains("stop it, or give this member another base port"), run.err());
        }
    }

    @Test
    void aSingleNodeDirectoryIsRefused() throws Exception
    {
        credentials();
        final Path node = dir.resolve("node");
        Files.createDirectories(node.resolve("journal"));
        final CliRun run = run(members(base()), 0, node);
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("is a single-node data directory"), run.err());
        assertFalse(Files.exists(node.resolve(ClusterNode.MEMBERS_FILE)), "nothing written");
    }

    @Test
    void aDirectoryOfAnotherMemberListIsRefused() throws Exception
    {
        credentials();
        final Path node = dir.resolve("node");
        Files.createDirectories(node);
        Files.writeString(node.resolve(ClusterNode.MEMBERS_FILE),
            "node-id=0 members=localhost:9000,localhost:9010,localhost:9020\n");
        final CliRun run = run(members(base()), 0, node);
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("was created as 'node-id=0 members=localhost:9000"), run.err());
        assertTrue(run.err().contains("start it with the member list and --node-id it was created with"),
            run.err());
    }

    @Test
    void noCredentialsFileSaysHowToMakeOne()
    {
        final CliRun run = CliRun.run("cluster-node", "--members", members(base()), "--node-id", "0", "--dir",
            dir.resolve("node").toString());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("no credentials file at"), run.err());
        assertTrue(run.err().contains("sequent credentials add"), run.err());
    }

    private CliRun run(final String members, final int nodeId, final Path nodeDir)
    {
        return CliRun.run("cluster-node", "--members", members, "--node-id", Integer.toString(nodeId), "--dir",
            nodeDir.toString(), "--auth-file", dir.resolve("credentials").toString());
    }

    private void credentials() throws Exception
    {
        Files.writeString(dir.resolve("credentials"), "1=000102030405060708090a0b0c0d0e0f\n");
    }

    private static int base()
    {
        return 30_000 + 10 * ThreadLocalRandom.current().nextInt(2_000);
    }

    private static String members(final int base)
    {
        return "localhost:" + base + ",localhost:" + (base + 10) + ",localhost:" + (base + 20);
    }
}
