package io.sequent.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sequent.gateway.SequentServer;
import io.undertow.server.HttpServerExchange;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code GET /health} (the process serves and its engine has not failed) and {@code GET /ready} (recovered, engine
 * running, journal directory writable, projections within the lag bound of the journal): 200 or 503, each check
 * named in the body, for load balancers and orchestrators.
 */
final class Probes
{
    private final SequentServer server;
    private final long maxLag;
    private final Path journalDir;

    Probes(final SequentServer server, final SequentHttp.Context ctx)
    {
        this.server = server;
        this.maxLag = ctx.readyMaxLag();
        this.journalDir = server.context().engine().journalDir();
    }

    void health(final HttpServerExchange exchange)
    {
        final Throwable failure = server.engine().failure();
        final ObjectNode body = Json.object();
        body.put("status", failure == null ? "UP" : "DOWN");
        if (failure != null)
        {
            body.put("failure", failure.toString());
        }
        Json.send(exchange, failure == null ? 200 : 503, body);
    }

    void ready(final HttpServerExchange exchange)
    {
        final Throwable failure = server.engine().failure();
        final long journaled = server.counters().journalPosition().get();
        final long projected = server.engine().positions().projectedSequence();
        final long lag = Math.max(0, journaled - projected);
        final boolean recovered = server.engine().recoveryReport() != null;
        final boolean writable = Files.isDirectory(journalDir) && Files.isWritable(journalDir);
        final boolean caughtUp = lag <= maxLag;
        final boolean ready = recovered && failure == null && writable && caughtUp;

        final ObjectNode body = Json.object();
        body.put("status", ready ? "READY" : "NOT_READY");
        body.put("role", "single-node");
        final ObjectNode checks = body.putObject("checks");
        checks.put("recovered", recovered);
        checks.put("engineRunning", failure == null);
        checks.put("journalWritable", writable);
        checks.put("projectionsCaughtUp", caughtUp);
        body.put("journaledSequence", journaled);
        body.put("projectedSequence", projected);
        body.put("projectionLag", lag);
        body.put("maxLag", maxLag);
        body.put("recoveredSequence", recovered ? server.engine().recoveryReport().lastSequence() : 0);
        Json.send(exchange, ready ? 200 : 503, body);
    }
}
