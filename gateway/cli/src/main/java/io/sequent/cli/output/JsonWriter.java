package io.sequent.cli.output;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Writes one JSON document, for the {@code --json} output of the commands that otherwise print tables: objects,
 * arrays, strings (escaped), numbers, booleans and null, commas placed for the caller. Not for hot paths.
 */
public final class JsonWriter
{
    private final StringBuilder out = new StringBuilder();
    private final Deque<Boolean> firstInScope = new ArrayDeque<>();
    private boolean afterName;

    /**
     * @return this, inside a new object.
     */
    public JsonWriter beginObject()
    {
        separate();
        out.append('{');
        firstInScope.push(true);
        return this;
    }

    /**
     * @return this, after the object.
     */
    public JsonWriter endObject()
    {
        firstInScope.pop();
        out.append('}');
        return this;
    }

    /**
     * @return this, inside a new array.
     */
    public JsonWriter beginArray()
    {
        separate();
        out.append('[');
        firstInScope.push(true);
        return this;
    }

    /**
     * @return this, after the array.
     */
    public JsonWriter endArray()
    {
        firstInScope.pop();
        out.append(']');
        return this;
    }

    /**
     * @param name of the next member of the current object.
     * @return this.
     */
    public JsonWriter name(final String name)
    {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /**
     * @param value a string, or null.
     * @return this.
     */
    public JsonWriter value(final String value)
    {
        separate();
        if (value == null)
        {
            out.append("null");
        }
        else
        {
            string(value);
        }
        return this;
    }

    /**
     * @param value an integer.
     * @return this.
     */
    public JsonWriter value(final long value)
    {
        separate();
        out.append(value);
        return this;
    }

    /**
     * @param value a number; NaN and infinities, which JSON cannot say, are written as null.
     * @return this.
     */
    public JsonWriter value(final double value)
    {
        separate();
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            out.append("null");
        }
        else
        {
            out.append(String.format(Locale.ROOT, "%.3f", value));
        }
        return this;
    }

    /**
     * @param value a boolean.
     * @return this.
     */
    public JsonWriter value(final boolean value)
    {
        separate();
        out.append(value);
        return this;
    }

    /**
     * @param name  a member's name.
     * @param value its value, a string or null.
     * @return this.
     */
    public JsonWriter member(final String name, final String value)
    {
        return name(name).value(value);
    }

    /**
     * @param name  a member's name.
     * @param value its value.
     * @return this.
     */
    public JsonWriter member(final String name, final long value)
    {
        return name(name).value(value);
    }

    /**
     * @param name  a member's name.
     * @param value its value.
     * @return this.
     */
    public JsonWriter member(final String name, final double value)
    {
        return name(name).value(value);
    }

    /**
     * @param name  a member's name.
     * @param value its value.
     * @return this.
     */
    public JsonWriter member(final String name, final boolean value)
    {
        return name(name).value(value);
    }

    /**
     * @return the document written so far, on one line.
     */
    @Override
    public String toString()
    {
        return out.toString();
    }

    private void separate()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (!firstInScope.isEmpty())
        {
            if (!firstInScope.pop())
            {
                out.append(',');
            }
            firstInScope.push(false);
        }
    }

    private void string(final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
