package io.mailferry.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md: the model imports the JDK and Jackson annotations only. */
class ModelDependencyTest {
    @Test
    void modelShouldDependOnTheJdkAndJacksonAnnotationsOnly() {
        classes().that().resideInAPackage("io.mailferry.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.mailferry.model..",
                        "com.fasterxml.jackson.annotation..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.mailferry.model"));
    }
}
