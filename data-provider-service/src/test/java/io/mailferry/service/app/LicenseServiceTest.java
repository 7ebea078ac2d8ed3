package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.license.LicenseState;
import io.mailferry.service.app.license.LicensePolicy;
import io.mailferry.service.app.license.LicenseVerifier;
import io.mailferry.service.store.Database;
import io.mailferry.service.store.LicenseStore;
import io.mailferry.service.store.SettingStore;
import io.mailferry.service.testing.TestLicenses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing, removing and admitting with a real store; keys from a throwaway issuer of this run. */
class LicenseServiceTest {
    private static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");

    @TempDir
    Path dir;
    Database db;
    final RunnerFixture.MutableClock clock = new RunnerFixture.MutableClock(T0);
    final TestLicenses issuer = new TestLicenses();
    LicenseService license;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("mailferry.db"));
        license = service(LicenseVerifier.trusting(List.of(issuer.pair.getPublic())));
    }

    private LicenseService service(LicenseVerifier verifier) {
        return new LicenseService(new SettingStore(db), new LicenseStore(db), verifier, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String key(int seats, Duration valid) {
        return issuer.issue("Contoso Ltd", seats, clock.instant().plus(valid));
    }

    @Test
    void installShouldShowLicenseeSeatsAndExpiry() {
        LicenseState state = license.install(key(250, Duration.ofDays(365)));

        assertThat(state.trial()).isFalse();
        assertThat(state.licensee()).isEqualTo("Contoso Ltd");
        assertThat(state.seatsTotal()).isEqualTo(250);
        assertThat(state.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(365)));
        assertThat(state.message()).isEqualTo("Licensed to Contoso Ltd: 0 of 250 seats used, valid until 2026-05-01.");
    }

    @Test
    void installShouldRefuseATamperedKeyAndKeepTheLicenseInUse() {
        license.install(key(5, Duration.ofDays(365)));
        String genuine = key(250, Duration.ofDays(365));
        String more = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"v\":2,\"product\":\"mailferry\","
                + "\"licensee\":\"Contoso Ltd\",\"seats\":99999,\"expires\":\"2030-01-01T00:00:00Z\"}").getBytes());

        assertThatThrownBy(() -> license.install(more + genuine.substring(genuine.indexOf('.'))))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("license_invalid");
                    assertThat(e.getMessage()).isEqualTo("The license key is not genuine: its signature does not"
                            + " match. The license in use has not changed.");
                });
        assertThat(license.state().seatsTotal()).isEqualTo(5);
    }

    @Test
    void installShouldRefuseAKeyOfAnIssuerThisServiceDoesNotTrust() {
        String foreign = new TestLicenses().issue("Contoso Ltd", 5, T0.plus(Duration.ofDays(30)));

        assertThatThrownBy(() -> license.install(foreign)).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("license_invalid"));
        assertThat(license.state().trial()).isTrue();
    }

    @Test
    void installShouldRefuseAnExpiredKey() {
        String expired = issuer.issue("Contoso Ltd", 5, T0.minus(Duration.ofDays(1)));

        assertThatThrownBy(() -> license.install(expired)).isInstanceOfSatisfying(AppException.class, e -> {
            assertThat(e.code()).isEqualTo("license_expired");
            assertThat(e.getMessage()).isEqualTo("This license key for Contoso Ltd expired on 2025-04-30; ask for a"
                    + " new key. The license in use has not changed.");
        });
        assertThat(license.state().trial()).isTrue();
    }

    @Test
    void installShouldRefuseAKeyForAnotherProduct() {
        String other = issuer.issue("{\"v\":2,\"product\":\"mailboat\",\"licensee\":\"Contoso Ltd\",\"seats\":5,"
                + "\"expires\":\"2030-01-01T00:00:00Z\"}");

        assertThatThrownBy(() -> license.install(other)).isInstanceOfSatisfying(AppException.class, e -> {
            assertThat(e.code()).isEqualTo("license_wrong_product");
            assertThat(e.getMessage()).startsWith("The license key is for another product (mailboat), not for"
                    + " Mailferry");
        });
    }

    @Test
    void removeShouldReturnToTheTrialAndKeepSeatsTaken() {
        license.install(key(5, Duration.ofDays(365)));
        license.admit(List.of("IMAP:old.example/anna@old.example"));
        license.began("IMAP:old.example/anna@old.example");

        LicenseState state = license.remove();

        assertThat(state.trial()).isTrue();
        assertThat(state.seatsUsed()).isEqualTo(1);
        assertThat(license.remove().trial()).isTrue();
    }

    @Test
    void aSeatShouldBeTakenOnceIgnoringCaseWhenTheMailboxsPassBegins() {
        license.install(key(2, Duration.ofDays(365)));

        assertThat(license.admit(List.of("IMAP:old.example/anna@old.example", "IMAP:OLD.example/Anna@old.example")))
                .isEqualTo(LicensePolicy.UNLIMITED);
        assertThat(license.state().seatsUsed()).as("admitted, not begun").isZero();
        license.began("IMAP:OLD.example/Anna@old.example");
        license.admit(List.of("IMAP:old.example/anna@old.example"));
        license.began("IMAP:old.example/anna@old.example");

        assertThat(license.state().seatsUsed()).isEqualTo(1);
    }

    @Test
    void twoPairsNamingOneMailboxShouldGiveBackOnlyTheirOwnHolds() {
        license.install(key(1, Duration.ofDays(365)));
        license.admit(List.of("IMAP:h/a")); // a first pass holds a's seat
        license.admit(List.of("IMAP:h/a", "IMAP:H/A ")); // a second pass of two pairs naming the same mailbox
        license.notBegun("IMAP:h/a");
        license.notBegun("IMAP:H/A "); // both stopped while queued

        assertThatThrownBy(() -> license.admit(List.of("IMAP:h/b"))).as("the first pass still holds a's seat")
                .hasMessageContaining("all 1 license seats are used (1 seat held for mailboxes of passes that have"
                        + " not reached them yet)");
    }

    @Test
    void seatsHeldForPassesNotBegunShouldCountUntilTheyBeginOrAreGivenBack() {
        license.install(key(1, Duration.ofDays(365)));
        license.admit(List.of("IMAP:h/a"));

        assertThatThrownBy(() -> license.admit(List.of("IMAP:h/b"))).hasMessageStartingWith("This pass needs 1 seat"
                + " for mailboxes that have not migrated before, but all 1 license seats are used");
        assertThat(license.admit(List.of("IMAP:h/a"))).as("the same mailbox needs no second seat")
                .isEqualTo(LicensePolicy.UNLIMITED);
        license.notBegun("IMAP:h/a");
        license.notBegun("IMAP:h/a");
        license.admit(List.of("IMAP:h/b"));
        license.began("IMAP:h/b");
        assertThat(license.state().seatsUsed()).isEqualTo(1);
    }

    @Test
    void admitShouldTakeNoSeatWhenThePassNeedsMoreThanAreLeft() {
        license.install(key(2, Duration.ofDays(365)));
        license.admit(List.of("IMAP:h/a"));
        license.began("IMAP:h/a");

        assertThatThrownBy(() -> license.admit(List.of("IMAP:h/b", "IMAP:h/c")))
                .hasMessageStartingWith("This pass needs 2 seats for mailboxes that have not migrated before, but"
                        + " only 1 seat of 2 is left");
        assertThat(license.state().seatsUsed()).isEqualTo(1);
    }

    @Test
    void trialShouldCapItemsUntilItEnds() {
        assertThat(license.admit(List.of("IMAP:h/a"))).isEqualTo(LicensePolicy.TRIAL_ITEMS_PER_FOLDER);

        clock.advance(Duration.ofDays(30));

        assertThatThrownBy(() -> license.admit(List.of("IMAP:h/a"))).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("trial_ended"));
    }

    @Test
    void trialShouldStartAtTheFirstStartOfTheDataDirectory() {
        clock.advance(Duration.ofDays(20));

        LicenseState later = service(issuer.verifier()).state();

        assertThat(later.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(later.message()).isEqualTo("Trial: 10 days left, 10 items per folder.");
    }

    @Test
    void keyOfAnIssuerNoLongerTrustedShouldStopPasses() {
        license.install(key(5, Duration.ofDays(365)));

        LicenseService restarted = service(LicenseVerifier.production());

        assertThat(restarted.state().valid()).isFalse();
        assertThat(restarted.state().message()).startsWith("The installed license key is no longer accepted:");
        assertThatThrownBy(() -> restarted.admit(List.of("IMAP:h/a"))).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("license_untrusted"));
    }

    @Test
    void aGmailAccountThroughTwoConnectionsWithoutAHostShouldBeOneSeat() {
        GmailSettings how = new GmailSettings(null, null, null, false, false, 0);
        Function<String, Connection> gmail = id -> new Connection(id, id, ConnectionRole.SOURCE, ConnectionKind.GMAIL,
                null, null, null, true, T0, T0, null, how);

        assertThat(LicenseService.seat(gmail.apply("app-password"), "anna@gmail.com"))
                .isEqualTo(LicenseService.seat(gmail.apply("service-account"), " anna@gmail.com "))
                .isEqualTo("GMAIL:imap.gmail.com/anna@gmail.com");
    }
}
