package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.store.ConnectionStore;
import io.mailferry.service.store.Database;
import io.mailferry.service.store.SecretCipher;
import io.mailferry.service.testing.FakeConnectionProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionServiceTest {
    @TempDir
    Path dir;
    Database db;
    FakeConnectionProbe probe = new FakeConnectionProbe("right");
    ConnectionService service;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("mailferry.db"));
        service = new ConnectionService(new ConnectionStore(db, SecretCipher.fromKeyFile(dir.resolve("secret.key"))),
                List.of(probe), Clock.fixed(Instant.parse("2025-05-01T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ConnectionRequest imap(int port, String password) {
        return new ConnectionRequest("Old Dovecot", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.example.com", port, ImapSecurity.STARTTLS, ImapAuthMode.MASTER_USER, "admin",
                        "*", null),
                null, null, password == null ? null : new Secret(password));
    }

    @Test
    void createShouldRejectEveryProblemInPlainSentences() {
        ConnectionRequest bad = new ConnectionRequest(" ", ConnectionRole.TARGET, ConnectionKind.IMAP,
                new ImapSettings("", 70000, null, ImapAuthMode.MASTER_USER, "", null, "not a pem"),
                new GraphSettings("t", "c"), null, null);
        assertThatThrownBy(() -> service.create(bad))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("validation_failed");
                    assertThat(e.kind()).isEqualTo(AppException.Kind.INVALID);
                    assertThat(e.problems()).contains(
                            "The connection needs a name.",
                            "The target IMAP server needs a host name.",
                            "The target IMAP port must be between 1 and 65535, not 70000.",
                            "The target IMAP master user login is missing.",
                            "The target IMAP trusted certificate is not a PEM X.509 certificate.",
                            "An IMAP connection must carry only its 'imap' settings.",
                            "The target IMAP master user needs a password.");
                });
        assertThat(service.list()).isEmpty();
    }

    @Test
    void createShouldRequireSettingsOfItsKind() {
        ConnectionRequest noSettings = new ConnectionRequest("M365", ConnectionRole.TARGET,
                ConnectionKind.MICROSOFT_365, null, null, null, new Secret("s"));
        assertThatThrownBy(() -> service.create(noSettings)).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.problems()).containsExactly("A Microsoft 365 connection needs its 'graph' settings."));
    }

    @Test
    void crudShouldKeepTheSecretOutOfAnswersAndKeepItOnUpdateWithoutOne() {
        Connection created = service.create(imap(143, "right"));
        assertThat(created.hasSecret()).isTrue();
        assertThat(service.get(created.id()).imap().port()).isEqualTo(143);

        Connection updated = service.update(created.id(), imap(1143, null));
        assertThat(updated.imap().port()).isEqualTo(1143);
        assertThat(updated.hasSecret()).isTrue();
        assertThat(service.test(created.id()).ok()).isTrue();

        service.delete(created.id());
        assertThat(service.list()).isEmpty();
        assertThatThrownBy(() -> service.get(created.id())).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("connection_not_found"));
        assertThatThrownBy(() -> service.delete(created.id())).isInstanceOf(AppException.class);
    }

    @Test
    void updateIfChangedShouldWriteNothingForTheStoredSettingsAndSecret() {
        Connection created = service.create(imap(143, "right"));
        ConnectionTestResult tested = service.test(created.id());

        service.updateIfChanged(created.id(), imap(143, "right"));
        assertThat(service.get(created.id()).lastTest()).as("an update clears the last test: none happened")
                .isEqualTo(tested);

        ConnectionRequest renamed = new ConnectionRequest("New name", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                imap(143, "right").imap(), null, null, new Secret("right"));
        assertThat(service.updateIfChanged(created.id(), renamed).name()).isEqualTo("New name");
        assertThat(service.get(created.id()).lastTest()).isNull();

        service.test(created.id());
        service.updateIfChanged(created.id(), new ConnectionRequest("New name", ConnectionRole.SOURCE,
                ConnectionKind.IMAP, imap(143, "right").imap(), null, null, new Secret("wrong")));
        assertThat(service.get(created.id()).lastTest()).as("another password is stored").isNull();
        assertThat(service.test(created.id()).failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
    }

    @Test
    void deleteOfAConnectionAJobUsesShouldBeAConflict() {
        Connection created = service.create(imap(143, "right"));
        db.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE job_stand_in (id TEXT PRIMARY KEY, source_id TEXT REFERENCES connection(id))");
            h.execute("INSERT INTO job_stand_in VALUES ('j1', ?)", created.id());
        });
        assertThatThrownBy(() -> service.delete(created.id())).isInstanceOfSatisfying(AppException.class, e -> {
            assertThat(e.kind()).isEqualTo(AppException.Kind.CONFLICT);
            assertThat(e.code()).isEqualTo("connection_in_use");
            assertThat(e.getMessage()).isEqualTo("Connection 'Old Dovecot' is used by a job; delete the job first.");
        });
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void testOfAStoredConnectionShouldUseTheProbeAndKeepTheResult() {
        Connection created = service.create(imap(143, "wrong"));
        ConnectionTestResult result = service.test(created.id());
        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(probe.tested).singleElement().satisfies(r -> assertThat(r.secret()).isEqualTo(new Secret("wrong")));
        assertThat(service.get(created.id()).lastTest()).isEqualTo(result);
    }

    @Test
    void testOfAKindWithoutProbeShouldAnswerNotSupportedYet() {
        ConnectionRequest m365 = new ConnectionRequest("M365", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings("contoso.onmicrosoft.com", "client"), null, new Secret("s"));
        ConnectionTestResult result = service.test(m365);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).isEqualTo("Testing Microsoft 365 connections is not supported yet.");
    }

    @Test
    void testOfInvalidSettingsShouldAnswerAConfigurationFailureWithoutCallingTheProbe() {
        ConnectionTestResult result = service.test(imap(0, "right"));
        assertThat(result.failure()).isEqualTo(ConnectionFailure.CONFIGURATION);
        assertThat(result.message()).contains("port must be between 1 and 65535");
        assertThat(probe.tested).isEmpty();
    }

    @Test
    void testWithOtherSettingsShouldUseTheStoredSecretAndKeepNoResult() {
        Connection created = service.create(imap(143, "right"));
        ConnectionTestResult result = service.test(created.id(), imap(1143, null));
        assertThat(result.ok()).isTrue();
        assertThat(probe.tested).singleElement().satisfies(r -> {
            assertThat(r.secret()).isEqualTo(new Secret("right"));
            assertThat(r.imap().port()).isEqualTo(1143);
        });
        assertThat(service.get(created.id()).lastTest()).as("unsaved settings leave lastTest alone").isNull();
        assertThat(service.get(created.id()).imap().port()).as("nothing saved").isEqualTo(143);
    }

    @Test
    void testWithAnotherSecretShouldTestItWithoutKeepingTheResultOrTheSecret() {
        Connection created = service.create(imap(143, "right"));
        ConnectionTestResult result = service.test(created.id(), imap(143, "typo"));
        assertThat(result.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(service.get(created.id()).lastTest()).isNull();
        assertThat(service.test(created.id()).ok()).as("the stored secret is unchanged").isTrue();
    }

    @Test
    void testWithTheStoredSettingsShouldKeepTheResultWhateverTheName() {
        Connection created = service.create(imap(143, "right"));
        ConnectionRequest renamed = new ConnectionRequest("Another name", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                imap(143, null).imap(), null, null, null);
        ConnectionTestResult result = service.test(created.id(), renamed);
        assertThat(result.ok()).isTrue();
        assertThat(service.get(created.id()).lastTest()).isEqualTo(result);
    }

    @Test
    void testWithSettingsOfAnUnknownConnectionShouldBeNotFound() {
        assertThatThrownBy(() -> service.test("nope", imap(143, null))).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("connection_not_found"));
    }

    private static ConnectionRequest gmail(io.mailferry.model.connection.GmailLabelStrategy strategy) {
        return new ConnectionRequest("Gmail", ConnectionRole.SOURCE, ConnectionKind.GMAIL, null, null, null,
                new Secret("app-password"), new io.mailferry.model.connection.GmailSettings(
                        io.mailferry.model.connection.GmailAuthMode.APP_PASSWORD, "me@gmail.com", strategy, false,
                        false, 2));
    }

    @Test
    void theLabelStrategyOfAGmailConnectionShouldNotChangeOnceAJobCopiedWithIt() {
        var perLabel = io.mailferry.model.connection.GmailLabelStrategy.FOLDER_PER_LABEL;
        var oneFolder = io.mailferry.model.connection.GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES;
        Connection source = service.create(gmail(perLabel));
        ConnectionRequest i = imap(993, "pw");
        Connection target = service.create(new ConnectionRequest("New Dovecot", ConnectionRole.TARGET, i.kind(),
                i.imap(), null, null, i.secret()));
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO job (id, name, source_connection_id, "
                + "target_connection_id, options_json, state, created_at) VALUES ('j1', 'Job', :s, :t, '{}', 'NEW', 1)")
                .bind("s", source.id()).bind("t", target.id()).execute());

        assertThat(service.update(source.id(), gmail(oneFolder)).gmail().labelStrategy())
                .as("no pass yet: nothing copied under the old one").isEqualTo(oneFolder);
        service.update(source.id(), gmail(perLabel));
        db.jdbi().useHandle(h -> h.execute("UPDATE job SET last_run_started_at = 2 WHERE id = 'j1'"));

        assertThatThrownBy(() -> service.update(source.id(), gmail(oneFolder)))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("gmail_label_strategy_in_use");
                    assertThat(e.getMessage()).startsWith("The label strategy of connection 'Gmail' cannot change");
                });
        assertThat(service.get(source.id()).gmail().labelStrategy()).isEqualTo(perLabel);
        assertThat(service.update(source.id(), gmail(perLabel)).gmail().labelStrategy()).as("the same: saved")
                .isEqualTo(perLabel);
    }

    /** The data directory's secret.key was replaced: the password is entered again, tested and saved. */
    @Test
    void aSecretThatNoLongerDecryptsShouldBeReplacedByTheOneTypedAgain() {
        Connection c = service.create(imap(993, "right"));
        db.jdbi().useHandle(h -> h.execute("UPDATE connection SET secret = x'01020304'"));

        assertThatThrownBy(() -> service.test(c.id(), null)).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Connection 'Old Dovecot': A stored secret is damaged or"
                        + " of an unknown format."));
        assertThat(service.test(c.id(), imap(993, "right")).ok()).as("the password typed again is tested").isTrue();
        service.updateIfChanged(c.id(), imap(993, "right"));
        assertThat(service.test(c.id(), null).ok()).as("and saved").isTrue();
    }
}
