package io.mailferry.service.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine knows only the JDK, SLF4J, the model and itself (STYLE.md dependency rules). */
class EngineDependencyTest {
    @Test
    void engineShouldImportOnlyTheJdkSlf4jAndTheModel() {
        JavaClasses engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mailferry.service.engine");
        classes().that().resideInAPackage("io.mailferry.service.engine..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", "io.mailferry.model..",
                        "io.mailferry.service.engine..")
                .check(engine);
    }
}
