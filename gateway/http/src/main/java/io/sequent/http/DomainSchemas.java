package io.sequent.http;

import io.sequent.codecs.SchemaDocuments;
import io.sequent.engine.domain.Domain;
import io.sequent.gateway.SequentServer;
import io.sequent.journal.SchemaJsonDecoder;

import java.util.List;

/**
 * The served domain's SBE schema, as its {@link Domain} ships it (the document its journal segments embed), for
 * decoding its results and events to JSON and encoding its commands from JSON.
 */
final class DomainSchemas
{
    private DomainSchemas()
    {
    }

    static byte[] schemaXml(final SequentServer server)
    {
        return server.context().engine().module().newDomain().eventSchemaXml();
    }

    /**
     * @return the decoder {@code sequent journal inspect} uses for the domain's current schema and the engine's.
     */
    static SchemaJsonDecoder decoder(final SequentServer server)
    {
        final byte[] events = schemaXml(server);
        return events.length == 0 ? SchemaJsonDecoder.forSequentSchemas() :
            SchemaJsonDecoder.fromDocuments(List.of(events, SchemaDocuments.read(SchemaDocuments.ENGINE)));
    }
}
