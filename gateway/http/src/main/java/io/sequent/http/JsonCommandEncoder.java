package io.sequent.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.MessageSchema;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Encodes a command given as a JSON object into the domain's SBE message of that name, driven by the domain's schema
 * (its intermediate representation, as {@code SchemaJsonDecoder} decodes), so the HTTP face takes any domain's
 * commands without generated code: {@code {"accountId": 7, "assetId": 1, "amount": 500}} becomes a {@code Deposit}.
 * <p>
 * Fields of the root block only: integers (in range), enums by name, optional fields left out take their null
 * value; repeating groups and variable-length data are refused. Not for the hot path: it allocates.
 */
final class JsonCommandEncoder
{
    private final Ir ir;
    private final Map<String, List<Token>> messages = new HashMap<>();

    /**
     * @param schemaXml the domain's SBE schema document (UTF-8 XML).
     */
    JsonCommandEncoder(final byte[] schemaXml)
    {
        try
        {
            final MessageSchema schema = XmlSchemaParser.parse(new ByteArrayInputStream(schemaXml),
                ParserOptions.DEFAULT);
            this.ir = new IrGenerator().generate(schema);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot read the domain's schema: " + ex, ex);
        }
        for (final List<Token> message : ir.messages())
        {
            messages.put(message.get(0).name(), message);
        }
    }

    /**
     * @param type a message name of the schema.
     * @return whether the schema has it.
     */
    boolean knows(final String type)
    {
        return messages.containsKey(type);
    }

    /**
     * @param type   the message's name, such as {@code PlaceOrder}.
     * @param fields its fields as a JSON object.
     * @return the message, SBE header and body, at the schema's version.
     * @throws ApiException 400 when a field is missing, unknown, out of range or not of its type; 404 for an unknown
     *                      type.
     */
    byte[] encode(final String type, final JsonNode fields)
    {
        final List<Token> message = messages.get(type);
        if (message == null)
        {
            throw new ApiException(404, "UNKNOWN_COMMAND", "the domain has no message " + type);
        }
        if (fields == null || !fields.isObject())
        {
            throw new ApiException(400, "BAD_JSON", "the body must be a JSON object of " + type + "'s fields");
        }
        final Token root = message.get(0);
        final int headerLength = ir.headerStructure().tokens().get(0).encodedLength();
        final byte[] bytes = new byte[headerLength + root.encodedLength()];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final ByteOrder order = ir.byteOrder();
        // The standard message header: blockLength, templateId, schemaId, version (uint16 each).
        buffer.putShort(0, (short)root.encodedLength(), order);
        buffer.putShort(2, (short)root.id(), order);
        buffer.putShort(4, (short)ir.id(), order);
        buffer.putShort(6, (short)ir.version(), order);

        final Map<String, Boolean> seen = new HashMap<>();
        for (int i = 1; i < message.size(); i++)
        {
            final Token token = message.get(i);
            if (token.signal() == Signal.BEGIN_GROUP || token.signal() == Signal.BEGIN_VAR_DATA)
            {
                throw new ApiException(400, "UNSUPPORTED_COMMAND", type + " has groups or variable-length data, " +
                    "which the HTTP face does not encode");
            }
            if (token.signal() != Signal.BEGIN_FIELD)
            {
                continue;
            }
            final Token typeToken = message.get(i + 1);
            final String name = token.name();
            seen.put(name, Boolean.TRUE);
            final JsonNode value = fields.get(name);
            final int offset = headerLength + typeToken.offset();
            if (typeToken.signal() == Signal.BEGIN_ENUM)
            {
                putEnum(buffer, offset, message, i + 1, name, value, order);
            }
            else if (typeToken.signal() == Signal.ENCODING)
            {
                putPrimitive(buffer, offset, typeToken, name, value, order);
            }
            else
            {
                throw new ApiException(400, "UNSUPPORTED_COMMAND", type + "." + name + " is a composite or set, " +
                    "which the HTTP face does not encode");
            }
            i += token.componentTokenCount() - 1;
        }
        final Iterator<String> names = fields.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!seen.containsKey(name))
            {
                throw new ApiException(400, "UNKNOWN_FIELD", type + " has no field " + name + "; it has " +
                    seen.keySet());
            }
        }
        return bytes;
    }

    private static void putPrimitive(
        final UnsafeBuffer buffer,
        final int offset,
        final Token typeToken,
        final String name,
        final JsonNode value,
        final ByteOrder order)
    {
        final PrimitiveType type = typeToken.encoding().primitiveType();
        final long number;
        if (value == null || value.isNull())
        {
            if (!typeToken.isOptionalEncoding())
            {
                throw new ApiException(400, "MISSING_FIELD", "field " + name + " is required");
            }
            number = typeToken.encoding().applicableNullValue().longValue();
        }
        else
        {
            if (!value.isIntegralNumber() || !value.canConvertToLong())
            {
                throw new ApiException(400, "BAD_FIELD", "field " + name + " must be an integer (" +
                    type.primitiveName() + "): " + value);
            }
            number = value.longValue();
            final long min = typeToken.encoding().applicableMinValue().longValue();
            final long max = type == PrimitiveType.UINT64 ? Long.MAX_VALUE :
                typeToken.encoding().applicableMaxValue().longValue();
            if (number < min || number > max)
            {
                throw new ApiException(400, "BAD_FIELD", "field " + name + " is out of range for " +
                    type.primitiveName() + ": " + number);
            }
        }
        put(buffer, offset, type, number, order);
    }

    private static void putEnum(
        final UnsafeBuffer buffer,
        final int offset,
        final List<Token> message,
        final int enumIndex,
        final String name,
        final JsonNode value,
        final ByteOrder order)
    {
        final Token enumToken = message.get(enumIndex);
        final StringBuilder names = new StringBuilder();
        for (int j = enumIndex + 1; message.get(j).signal() == Signal.VALID_VALUE; j++)
        {
            final Token valid = message.get(j);
            if (value != null && value.isTextual() && valid.name().equals(value.textValue()))
            {
                put(buffer, offset, enumToken.encoding().primitiveType(),
                    valid.encoding().constValue().longValue(), order);
                return;
            }
            names.append(names.length() == 0 ? "" : ", ").append(valid.name());
        }
        throw new ApiException(400, value == null ? "MISSING_FIELD" : "BAD_FIELD", "field " + name + " must be " +
            "one of " + names + (value == null ? "" : ": " + value));
    }

    private static void put(
        final UnsafeBuffer buffer, final int offset, final PrimitiveType type, final long value, final ByteOrder order)
    {
        switch (type)
        {
            case CHAR, INT8, UINT8 -> buffer.putByte(offset, (byte)value);
            case INT16, UINT16 -> buffer.putShort(offset, (short)value, order);
            case INT32, UINT32 -> buffer.putInt(offset, (int)value, order);
            case INT64, UINT64 -> buffer.putLong(offset, value, order);
            default -> throw new ApiException(400, "UNSUPPORTED_COMMAND", "floating-point fields are not encoded: " +
                "amounts are scaled integers");
        }
    }
}
