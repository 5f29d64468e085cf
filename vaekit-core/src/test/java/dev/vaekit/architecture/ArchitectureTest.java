package dev.vaekit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of vaekit-core: packages by concept with arrows one way. No two packages may depend on each
 * other, directly or through others; core may not refer to the command line, the explorer or Spark; the small
 * utilities at the bottom and the pictures depend on no model or training code. The rules are checked on the compiled
 * classes, and shown to fail on a deliberate cycle in this package's test fixtures.
 */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.vaekit");
    }

    /** Every first-level package of dev.vaekit is a slice; the slices form no cycle. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void corePackagesFormNoCycle() {
        noPackageCycles("dev.vaekit").check(core);
    }

    @Test
    void theCycleRuleFailsOnACycle() {
        JavaClasses fixtures = new ClassFileImporter().importPackages("dev.vaekit.architecture.cycle");
        EvaluationResult result =
                noPackageCycles("dev.vaekit.architecture.cycle").evaluate(fixtures);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("Cycle detected")
                .contains("a")
                .contains("b");
    }

    @Test
    void coreReferencesNoFrontEnd() {
        noClasses()
                .that()
                .resideInAPackage("dev.vaekit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.vaekit.cli..", "dev.vaekit.ui..", "dev.vaekit.spark..")
                .check(core);
    }

    @Test
    void utilitiesAndPicturesStayBelowTheModels() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.vaekit.util..", "dev.vaekit.viz..", "dev.vaekit.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.vaekit.models..",
                        "dev.vaekit.train..",
                        "dev.vaekit.eval..",
                        "dev.vaekit.latent..",
                        "dev.vaekit.io..",
                        "dev.vaekit.data..")
                .check(core);
    }
}
