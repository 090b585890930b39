package io.sequent.codecs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The SBE schema documents this module ships, as class-path resources: what journal segments embed so that a journal
 * can be decoded without the code that wrote it, and what the tools decode with when a journal embeds none.
 */
public final class SchemaDocuments
{
    /** The reference exchange's commands, events, queries and results. */
    public static final String EXCHANGE = "/sbe/exchange-schema.xml";
    /** The gateway's session protocol. */
    public static final String SESSION = "/sbe/session-schema.xml";
    /** The engine's own journal entries (command records). */
    public static final String ENGINE = "/sbe/engine-schema.xml";
    /** Every schema shipped here. */
    public static final String[] ALL = { EXCHANGE, SESSION, ENGINE };

    private SchemaDocuments()
    {
    }

    /**
     * @param resource one of the constants above, or another class-path resource holding an SBE schema.
     * @return the document's bytes (UTF-8 XML), a new array each call.
     * @throws IllegalStateException when the resource is missing.
     */
    public static byte[] read(final String resource)
    {
        try (InputStream in = SchemaDocuments.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("no schema " + resource + " on the class path: the codecs jar is " +
                    "missing or incomplete");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read schema " + resource, ex);
        }
    }
}
