package io.sequent.cli.config;

import io.sequent.cli.output.JsonWriter;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a server runs with: every setting, its value and where the value came from (a flag, a system property, an
 * environment variable, the config file, a command's own default or the default), printed at start so that a
 * setting that did not take is seen at once.
 */
public final class EffectiveConfiguration
{
    /** The order of the sources, as the banner states it. */
    public static final String PRECEDENCE =
        "flag > system property > environment variable > config file > default";

    private final List<Row> rows = new ArrayList<>();

    /**
     * One setting.
     *
     * @param name   the property name.
     * @param value  the value in effect, or null for none.
     * @param source where it came from.
     */
    public record Row(String name, String value, String source)
    {
    }

    /**
     * @param name   the property name.
     * @param value  the value in effect, or null for none.
     * @param source where it came from.
     * @return this.
     */
    public EffectiveConfiguration add(final String name, final String value, final String source)
    {
        rows.add(new Row(name, value, source));
        return this;
    }

    /**
     * @return the settings, in banner order.
     */
    public List<Row> rows()
    {
        return Collections.unmodifiableList(rows);
    }

    /**
     * @param name a property name.
     * @return its row.
     * @throws IllegalArgumentException when there is none.
     */
    public Row row(final String name)
    {
        for (final Row row : rows)
        {
            if (row.name().equals(name))
            {
                return row;
            }
        }
        throw new IllegalArgumentException("no setting " + name);
    }

    /**
     * Prints one line per setting under a heading that names the precedence.
     *
     * @param out where.
     */
    public void print(final PrintWriter out)
    {
        out.println("== configuration (" + PRECEDENCE + "):");
        for (final Row row : rows)
        {
            out.printf("   %-34s %s  (%s)%n", row.name(), row.value() == null ? "(none)" : row.value(), row.source());
        }
        out.flush();
    }

    /**
     * @return {@code {"precedence": ..., "settings": {"name": {"value": ..., "source": ...}, ...}}} on one line.
     */
    public String toJson()
    {
        final JsonWriter json = new JsonWriter().beginObject().member("precedence", PRECEDENCE)
            .name("settings").beginObject();
        for (final Row row : rows)
        {
            json.name(row.name()).beginObject().member("value", row.value()).member("source", row.source())
                .endObject();
        }
        return json.endObject().endObject().toString();
    }
}
