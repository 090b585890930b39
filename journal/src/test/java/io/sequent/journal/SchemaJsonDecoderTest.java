package io.sequent.journal;

import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaJsonDecoderTest
{
    @Test
    void printsAMessageThroughItsSchema()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        new DepositedEncoder().wrapAndApplyHeader(buffer, 8, new MessageHeaderEncoder())
            .accountId(42).assetId(3).amount(1_000);
        final String json = SchemaJsonDecoder.forSequentSchemas().toJson(buffer, 8);
        assertTrue(json.contains("\"message\": \"Deposited\""), json);
        assertTrue(!json.contains("\n"), json);
        assertTrue(json.contains("\"accountId\": 42"), json);
        assertTrue(json.contains("\"amount\": 1000"), json);
    }

    @Test
    void anUnknownSchemaIsNamedNotGuessed()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putShort(2, (short)7);
        buffer.putShort(4, (short)999);
        assertTrue(SchemaJsonDecoder.forSequentSchemas().toJson(buffer, 0).contains("\"unknownSchemaId\": 999"));
        assertThrows(IllegalStateException.class, () -> new SchemaJsonDecoder("/nope.xml"));
    }
}
