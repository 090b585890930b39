package io.sequent.journal;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.json.JsonPrinter;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.MessageSchema;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import io.sequent.codecs.SchemaDocuments;

/**
 * Prints any SBE message of Sequent's schemas as JSON, driven by the schema (its intermediate representation)
 * rather than by generated code, so tools decode what a journal holds without knowing the domain. Not for the hot
 * path: it allocates.
 */
public final class SchemaJsonDecoder
{
    /** The schemas shipped in this module, as class-path resources. */
    public static final String[] SCHEMAS = SchemaDocuments.ALL;

    private final Int2ObjectHashMap<JsonPrinter> printers = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Ir> irs = new Int2ObjectHashMap<>();

    /**
     * @param schemaResources class-path resources of SBE schema XML files.
     * @throws IllegalStateException when a schema is missing or invalid.
     */
    public SchemaJsonDecoder(final String... schemaResources)
    {
        for (final String resource : schemaResources)
        {
            load(resource, new ByteArrayInputStream(SchemaDocuments.read(resource)));
        }
    }

    private SchemaJsonDecoder()
    {
    }

    /**
     * A decoder for schema documents that travel with the data, such as those a journal segment embeds.
     *
     * @param documents SBE schema XML documents (UTF-8).
     * @return a decoder for them.
     * @throws IllegalStateException when a document is not a valid schema.
     */
    public static SchemaJsonDecoder fromDocuments(final List<byte[]> documents)
    {
        final SchemaJsonDecoder decoder = new SchemaJsonDecoder();
        for (int i = 0; i < documents.size(); i++)
        {
            decoder.load("document " + (i + 1), new ByteArrayInputStream(documents.get(i)));
        }
        return decoder;
    }

    private void load(final String name, final InputStream in)
    {
        try
        {
            final MessageSchema schema = XmlSchemaParser.parse(in, ParserOptions.DEFAULT);
            final Ir ir = new IrGenerator().generate(schema);
            printers.put(ir.id(), new JsonPrinter(ir));
            irs.put(ir.id(), ir);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot read schema " + name + ": " + ex, ex);
        }
    }

    /**
     * @return a decoder for the schemas shipped in this module.
     */
    public static SchemaJsonDecoder forSequentSchemas()
    {
        return new SchemaJsonDecoder(SCHEMAS);
    }

    /**
     * @param buffer holding the message.
     * @param offset of the message's SBE header.
     * @return the message as one line of JSON: {@code {"message": name, "schemaId": id, "version": v, "body": {...}}},
     *         or an object naming the schema and template ids when no schema is known for them.
     */
    public String toJson(final DirectBuffer buffer, final int offset)
    {
        final int templateId = buffer.getShort(offset + 2) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4) & 0xFFFF;
        final int version = buffer.getShort(offset + 6) & 0xFFFF;
        final Ir ir = irs.get(schemaId);
        final List<Token> message = ir == null ? null : ir.getMessage(templateId);
        if (message == null)
        {
            return "{\"unknownSchemaId\": " + schemaId + ", \"templateId\": " + templateId + "}";
        }
        final StringBuilder body = new StringBuilder(256);
        printers.get(schemaId).print(body, buffer, offset);
        // The printer indents over several lines; tools want one line per message. Newlines inside string values
        // are escaped by the printer, so folding the layout whitespace changes no value.
        final String oneLine = body.toString().replaceAll("\\s*\n\\s*", " ").trim();
        return "{\"message\": \"" + message.get(0).name() + "\", \"schemaId\": " + schemaId + ", \"version\": " +
            version + ", \"body\": " + oneLine + "}";
    }
}
