package io.mailferry.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md: the model imports the JDK and Jackson annotations only, and its packages form no cycle. */
class ModelDependencyTest {
    private static final JavaClasses MODEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mailferry.model");

    @Test
    void modelShouldDependOnTheJdkAndJacksonAnnotationsOnly() {
        classes().that().resideInAPackage("io.mailferry.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.mailferry.model..",
                        "com.fasterxml.jackson.annotation..")
                .check(MODEL);
    }

    @Test
    void packagesShouldBeFreeOfCycles() {
        slices().matching("io.mailferry.model.(**)").should().beFreeOfCycles().check(MODEL);
    }
}
