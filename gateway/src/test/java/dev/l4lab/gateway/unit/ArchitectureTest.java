package dev.l4lab.gateway.unit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Package by feature with no cycles; only the kernel package starts processes. */
class ArchitectureTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.l4lab.gateway");

    @Test
    void featurePackagesAreFreeOfCycles() {
        assertTrue(GATEWAY.size() > 40, "the importer found the gateway's classes");
        slices().matching("dev.l4lab.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void onlyTheKernelPackageRunsProcesses() {
        noClasses().that().resideOutsideOfPackage("dev.l4lab.gateway.kernel..")
                .should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .check(GATEWAY);
    }
}
