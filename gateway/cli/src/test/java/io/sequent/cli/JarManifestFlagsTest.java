package io.sequent.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code java -jar sequent.jar} gets its module flags from the jar's manifest, the launcher and the tests from
 * {@code sequent.jvm.flags}: both come from the parent pom, and must name the same packages, or one of the two ways
 * of starting fails deep inside Agrona or Chronicle Map.
 */
class JarManifestFlagsTest
{
    @Test
    void theManifestOpensAndExportsWhatTheLauncherFlagsDo()
    {
        final String flags = System.getProperty("sequent.jvm.flags", "");
        assertFalse(flags.isBlank(), "surefire passes sequent.jvm.flags");
        assertEquals(packages(flags, "--add-opens="), manifest("sequent.manifest.add.opens"));
        assertEquals(packages(flags, "--add-exports="), manifest("sequent.manifest.add.exports"));
    }

    private static Set<String> packages(final String flags, final String prefix)
    {
        final Set<String> packages = new TreeSet<>();
        for (final String flag : flags.trim().split("\\s+"))
        {
            if (flag.startsWith(prefix))
            {
                packages.add(flag.substring(prefix.length(), flag.indexOf('=', prefix.length())));
            }
        }
        return packages;
    }

    private static Set<String> manifest(final String property)
    {
        return new TreeSet<>(Arrays.asList(System.getProperty(property, "").trim().split("\\s+")));
    }
}
