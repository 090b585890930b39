package io.sequent.cli.config;

import io.sequent.engine.EngineConfiguration;
import io.sequent.journal.DurabilityPolicy;
import picocli.CommandLine;

/**
 * Reads {@code --durability} as the setting reads it: none, batch or interval, in any case.
 */
public final class DurabilityConverter implements CommandLine.ITypeConverter<DurabilityPolicy>
{
    /** What every {@code --durability} says in its help. */
    public static final String DESCRIPTION = "journal durability: none, batch or interval, in any case (setting " +
        EngineConfiguration.JOURNAL_DURABILITY_PROP_NAME + ", default " +
        EngineConfiguration.JOURNAL_DURABILITY_DEFAULT + ")";

    @Override
    public DurabilityPolicy convert(final String value)
    {
        try
        {
            return DurabilityPolicy.parse(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.TypeConversionException(ex.getMessage());
        }
    }
}
