package dev.l4lab.probe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.l4lab.probe.rest.Guarded;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** Packages by feature, no package depends on itself through others, and no REST resource escapes the guard. */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.l4lab.probe");

    @Test
    void noPackageCycles() {
        assertTrue(PRODUCTION.size() > 50, "the production classes were found: " + PRODUCTION.size());
        slices().matching("dev.l4lab.probe.(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }

    /** The token and rate limit are bound by name: a resource class without the binding would be served open. */
    @Test
    void everyRestResourceIsGuarded() {
        classes().that().areAnnotatedWith(Path.class).should().beAnnotatedWith(Guarded.class).check(PRODUCTION);
    }
}
