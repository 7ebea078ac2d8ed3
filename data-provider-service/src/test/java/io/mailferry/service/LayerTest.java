package io.mailferry.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md's dependency rules for the service's layers: api -> app -> engine; store and connectors implement ports. */
class LayerTest {
    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.mailferry.service");

    @Test
    void appShouldNotImportApiCliOrConnectors() {
        noClasses().that().resideInAPackage("io.mailferry.service.app..").should().dependOnClassesThat()
                .resideInAnyPackage("io.mailferry.service.api..", "io.mailferry.service.cli..",
                        "io.mailferry.service.connector..", "com.sun.net.httpserver..", "jakarta.mail..")
                .check(SERVICE);
    }

    @Test
    void apiShouldNotImportStoreEngineImplementationsOrConnectors() {
        noClasses().that().resideInAPackage("io.mailferry.service.api..").should().dependOnClassesThat()
                .resideInAnyPackage("io.mailferry.service.store..", "io.mailferry.service.connector..",
                        "io.mailferry.service.cli..", "org.jdbi..")
                .check(SERVICE);
    }

    @Test
    void storeAndConnectorsShouldNotImportOuterLayers() {
        noClasses().that().resideInAnyPackage("io.mailferry.service.store..", "io.mailferry.service.connector..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mailferry.service.app..",
                        "io.mailferry.service.api..", "io.mailferry.service.cli..")
                .check(SERVICE);
    }

    @Test
    void cliShouldNotImportStoreAppOrConnectors() {
        noClasses().that().resideInAPackage("io.mailferry.service.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("io.mailferry.service.store..", "io.mailferry.service.app..",
                        "io.mailferry.service.connector..")
                .check(SERVICE);
    }

    @Test
    void onlyTheCliShouldWriteToTheConsole() {
        noClasses().that().resideOutsideOfPackage("io.mailferry.service.cli..").should()
                .accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(SERVICE);
    }
}
