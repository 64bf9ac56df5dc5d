package dev.l4lab.probe;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Packages by feature, and no package depends on itself through others. */
class ArchitectureTest {

    @Test
    void noPackageCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.l4lab.probe");
        assertTrue(classes.size() > 50, "the production classes were found: " + classes.size());
        slices().matching("dev.l4lab.probe.(*)..").should().beFreeOfCycles().check(classes);
    }
}
