package dev.l4lab.echo;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages form no cycle, so each can be read (and changed) from the bottom up. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.l4lab.echo");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.l4lab.echo.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
