package io.sequent.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The exchange SBE schema document, read once from the codecs jar ({@code sbe/exchange-schema.xml}), for the
 * journal to embed in its segments.
 */
final class ExchangeSchemaXml
{
    private static final String RESOURCE = "/sbe/exchange-schema.xml";
    private static final byte[] XML = load();

    private ExchangeSchemaXml()
    {
    }

    private static byte[] load()
    {
        try (InputStream in = ExchangeSchemaXml.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("no " + RESOURCE + " on the class path: the codecs jar is missing");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + RESOURCE, ex);
        }
    }

    /**
     * @return a copy of the schema document.
     */
    static byte[] bytes()
    {
        return XML.clone();
    }
}
