package io.sequent.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine core knows no domain: each plugs in through the Domain SPI exactly as a user's own would. A class of
 * the core that named a domain's package would fail here, whatever the class path of the build.
 */
class CoreNamesNoDomainTest
{
    @Test
    void noClassOfTheCoreDependsOnADomain()
    {
        final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sequent.engine");
        assertTrue(core.size() > 30, "the core's classes were found: " + core.size());
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.sequent.exchange..", "io.sequent.payments..", "io.sequent.codecs.exchange..",
            "io.sequent.codecs.payments..", "io.sequent.gateway..", "io.sequent.client..", "io.sequent.cli..")
            .because("the engine core names no domain, and nothing above it")
            .check(core);
    }
}
