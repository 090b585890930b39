package io.sequent.cli;

import picocli.CommandLine;

/**
 * What {@code -V} prints, on every command and subcommand alike.
 */
public final class SequentVersion implements CommandLine.IVersionProvider
{
    /** The version of this build. */
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion()
    {
        final Package pkg = SequentVersion.class.getPackage();
        final String built = pkg != null && pkg.getImplementationVersion() != null ?
            pkg.getImplementationVersion() : VERSION;
        return new String[]{ "sequent " + built, "Java " + System.getProperty("java.version") + ", " +
            System.getProperty("java.vm.name") };
    }
}
