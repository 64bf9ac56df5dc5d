package dev.l4lab.lb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages depend on each other in one direction only, and Vert.x internals stay in one adapter. */
class ArchitectureTest {

    private static final JavaClasses LB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.l4lab.lb");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.l4lab.lb.(*)..").should().beFreeOfCycles().check(LB);
    }

    /** The slices above leave out the root package (LbRuntime, readiness): only the API layer may use it. */
    @Test
    void onlyTheApiLayerUsesTheRuntime() {
        noClasses().that().resideInAnyPackage("dev.l4lab.lb.(*)..").and().resideOutsideOfPackages("dev.l4lab.lb.admin..",
                        "dev.l4lab.lb.experiment..")
                .should().dependOnClassesThat().resideInAPackage("dev.l4lab.lb")
                .check(LB);
    }

    @Test
    void onlyTheAdapterUsesVertxInternals() {
        noClasses().that().resideOutsideOfPackage("dev.l4lab.lb.vertx..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.core.impl..", "io.vertx.core.net.impl..",
                        "io.vertx.core.http.impl..")
                .check(LB);
    }
}
