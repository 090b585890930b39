package io.sequent.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sequent.gateway.SequentServer;
import io.sequent.journal.JournalCursor;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.SchemaJsonDecoder;
import io.undertow.server.HttpServerExchange;

import java.nio.file.Path;

/**
 * {@code GET /events?from=SEQ&limit=N}: journal entries from a sequence, up to the journaled position, each decoded
 * to JSON by {@link SchemaJsonDecoder} through the domain's schema, as {@code sequent journal inspect} prints them
 * ({@code {"sequence", "timestamp", "event": {"message", "schemaId", "version", "body"}}}). Read with a
 * {@link JournalCursor} of the request's own, never from the sequencer. The answer's {@code next} is the
 * {@code from} of the following page.
 */
final class EventsService
{
    /** Most entries one page holds. */
    static final int MAX_LIMIT = 1000;

    private final SequentServer server;
    private final Path journalDir;
    private final SchemaJsonDecoder decoder;

    EventsService(final SequentServer server)
    {
        this.server = server;
        this.journalDir = server.context().engine().journalDir();
        this.decoder = DomainSchemas.decoder(server);
    }

    void serve(final HttpServerExchange exchange)
    {
        final long from = Json.longParam(exchange, "from", 1);
        final long limit = Json.longParam(exchange, "limit", 100);
        if (from < 1 || limit < 1 || limit > MAX_LIMIT)
        {
            throw new ApiException(400, "BAD_PARAMETER", "from must be at least 1 and limit in [1, " + MAX_LIMIT +
                "]: from " + from + ", limit " + limit);
        }
        final long oldest = JournalCursor.oldestSequence(journalDir);
        if (from < oldest)
        {
            throw new ApiException(410, "GONE", "the journal starts at sequence " + oldest + " (older segments " +
                "were removed by retention)");
        }
        final long journaled = server.counters().journalPosition().get();
        final ObjectNode body = Json.object();
        body.put("from", from);
        body.put("journaledSequence", journaled);
        final ArrayNode events = body.putArray("events");
        final long[] next = { from };
        try (JournalCursor cursor = JournalCursor.open(journalDir, FileSegmentStorage.INSTANCE,
            server.context().engine().keyring(), from))
        {
            cursor.poll(journaled, (sequence, timestamp, buffer, offset, length) ->
            {
                final ObjectNode entry = events.addObject();
                entry.put("sequence", sequence);
                entry.put("timestamp", timestamp);
                entry.set("event", Json.parse(decoder.toJson(buffer, offset)));
                next[0] = sequence + 1;
                return true;
            }, (int)limit);
        }
        body.put("next", next[0]);
        Json.send(exchange, 200, body);
    }
}
