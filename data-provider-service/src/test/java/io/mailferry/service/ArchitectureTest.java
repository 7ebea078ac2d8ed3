package io.mailferry.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STYLE.md's dependency rules for the service module, checked on the production classes. */
class ArchitectureTest {
    private static final String BASE = "io.mailferry.service";
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void engineShouldKnowOnlyItsPorts() {
        ArchRule rule = noClasses().that().resideInAPackage(BASE + ".engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "org.sqlite..", "jakarta.mail..",
                        "org.eclipse.angus..", "com.sun.net.httpserver..", "com.microsoft..", "microsoft.exchange..",
                        BASE + ".connector..", BASE + ".store..", BASE + ".api..", BASE + ".app..", BASE + ".cli..")
                .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void testDoublesShouldLiveInTestCodeOnly() {
        // the names the house gives its doubles (FakeSourceMailbox, GraphDouble, ...); an in-memory class is a double
        // only by its use (InMemoryLedger was), which its name cannot tell
        noClasses().should().haveNameMatching(".*[.$](Fake|Stub|Mock)[A-Z0-9][^.$]*|.*[a-z]Double")
                .because("a test double lives in test code and is never shipped as a part of the product")
                .check(classes);
    }

    @Test
    void theEwsLibraryShouldLiveOnlyInTheEwsConnector() {
        noClasses().that().resideOutsideOfPackage(BASE + ".connector.ews..")
                .should().dependOnClassesThat().resideInAnyPackage("microsoft.exchange..", "org.apache.http..")
                .check(classes);
    }

    @Test
    void connectorsShouldNotKnowEachOtherTheStoreOrTheApi() {
        for (String connector : new String[] {"imap", "graph", "ews", "smtp"}) {
            String own = BASE + ".connector." + connector + "..";
            noClasses().that().resideInAPackage(own)
                    .should().dependOnClassesThat(
                            com.tngtech.archunit.base.DescribedPredicate.describe("another connector",
                                    c -> c.getPackageName().startsWith(BASE + ".connector.")
                                            && !c.getPackageName().startsWith(BASE + ".connector." + connector)))
                    .allowEmptyShould(true).check(classes);
            noClasses().that().resideInAPackage(own)
                    .should().dependOnClassesThat().resideInAnyPackage(BASE + ".store..", BASE + ".api..",
                            BASE + ".app..", BASE + ".cli..", "org.jdbi..", "com.sun.net.httpserver..")
                    .allowEmptyShould(true).check(classes);
        }
    }

    @Test
    void layersShouldPointApiToAppToEngine() {
        noClasses().that().resideInAPackage(BASE + ".app..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", BASE + ".cli..",
                        BASE + ".connector..", "com.sun.net.httpserver..")
                .check(classes);
        noClasses().that().resideInAPackage(BASE + ".api..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".store..", BASE + ".connector..",
                        BASE + ".cli..", "org.jdbi..")
                .check(classes);
        noClasses().that().resideInAPackage(BASE + ".store..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", BASE + ".app..",
                        BASE + ".cli..", BASE + ".connector..", "com.sun.net.httpserver..")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootAndTheCliShouldKnowTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackages(BASE, BASE + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(BASE)
                .check(classes);
        noClasses().that().resideOutsideOfPackage(BASE + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".cli..")
                .check(classes);
    }

    @Test
    void nothingButTheCliShouldWriteToTheConsole() {
        noClasses().that().resideOutsideOfPackage(BASE + ".cli..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(classes);
    }

    @Test
    void packagesShouldBeFreeOfCycles() {
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(classes);
    }
}
