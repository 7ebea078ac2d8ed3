package io.mailferry.service.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The ports speak no protocol and know nothing of the engine behind them; connectors and the store see the engine only
 * through its ports (STYLE.md dependency rules).
 */
class PortDependencyTest {
    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.mailferry.service");

    @Test
    void portsShouldImportOnlyTheJdkAndTheModel() {
        classes().that().resideInAPackage("io.mailferry.service.engine.port..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.mailferry.model..",
                        "io.mailferry.service.engine.port..")
                .check(SERVICE);
    }

    @Test
    void connectorsAndTheStoreShouldSeeTheEngineOnlyThroughItsPorts() {
        noClasses().that().resideInAnyPackage("io.mailferry.service.connector..", "io.mailferry.service.store..")
                .should().dependOnClassesThat().resideInAPackage("io.mailferry.service.engine")
                .check(SERVICE);
    }
}
