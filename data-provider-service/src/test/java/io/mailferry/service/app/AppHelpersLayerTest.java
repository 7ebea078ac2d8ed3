package io.mailferry.service.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pure app packages (csv, matching, report, license) stay free of the outer layers, as their package-info says. */
class AppHelpersLayerTest {

    @Test
    void pureAppPackagesShouldNotImportApiStoreOrConnectors() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mailferry.service.app.csv", "io.mailferry.service.app.matching",
                        "io.mailferry.service.app.report", "io.mailferry.service.app.license");

        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.mailferry.service.api..",
                        "io.mailferry.service.store..", "io.mailferry.service.connector..", "io.mailferry.service.cli..",
                        "jakarta.mail..", "org.jdbi..")
                .check(classes);
    }
}
