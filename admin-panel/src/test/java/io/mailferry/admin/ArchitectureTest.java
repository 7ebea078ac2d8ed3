package io.mailferry.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md's panel rules, held by the build. */
class ArchitectureTest {

    private static final JavaClasses PANEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mailferry.admin");

    @Test
    void viewModelsShouldNotUseTheSceneGraph() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
                .check(PANEL);
    }

    @Test
    void viewsShouldNotCallTheClient() {
        noClasses().that().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().resideInAPackage("io.mailferry.admin.client..")
                .check(PANEL);
    }

    @Test
    void thePanelShouldNeverUseTheServiceModule() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.mailferry.service..").check(PANEL);
    }

    @Test
    void theClientShouldNotUseJavaFx() {
        noClasses().that().resideInAPackage("io.mailferry.admin.client..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(PANEL);
    }

    @Test
    void packagesShouldBeFreeOfCycles() {
        slices().matching("io.mailferry.admin.(**)").should().beFreeOfCycles().check(PANEL);
    }
}
