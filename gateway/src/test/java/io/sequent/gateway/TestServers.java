package io.sequent.gateway;

import io.sequent.cli.ExchangeNode;
import io.sequent.client.ResponseListener;
import io.sequent.client.SequentClient;

import java.nio.file.Path;

/**
 * Servers and clients for tests: a unique embedded driver, an OS-chosen UDP port, a test's own data directory.
 */
final class TestServers
{
    private TestServers()
    {
    }

    static SequentServer launch(final Path dataDir)
    {
        final SequentServer.Context ctx = ExchangeNode.serverContext(dataDir, "NONE")
            .ingressChannel("aeron:udp?endpoint=localhost:0");
        ctx.engine().journalSegmentLength(1 << 20);
        return SequentServer.launch(ctx);
    }

    static SequentClient connect(final SequentServer server, final ResponseListener listener)
    {
        return SequentClient.connect(new SequentClient.Context()
            .aeronDirectoryName(server.aeronDirectoryName())
            .ingressChannel(server.ingressChannel())
            .responseListener(listener));
    }
}
