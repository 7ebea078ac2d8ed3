package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionStoreTest {
    private static final String PASSWORD = "Tr0ub4dor&3-unique-marker";
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path dir;
    Database db;
    ConnectionStore store;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("mailferry.db"));
        store = new ConnectionStore(db, SecretCipher.fromKeyFile(dir.resolve("secret.key")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Connection imap(String id, String name) {
        return new Connection(id, name, ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.example.com", 993, ImapSecurity.TLS, ImapAuthMode.MASTER_USER, "admin", "*",
                        null),
                null, null, false, T0, T0, null);
    }

    @Test
    void insertShouldStoreSettingsAndReportOnlyThatASecretExists() {
        Connection saved = store.insert(imap("c1", "Old server"), new Secret(PASSWORD));
        assertThat(saved.hasSecret()).isTrue();
        assertThat(saved.imap().host()).isEqualTo("imap.example.com");
        assertThat(saved.imap().authMode()).isEqualTo(ImapAuthMode.MASTER_USER);
        assertThat(saved.createdAt()).isEqualTo(T0);
        assertThat(store.secret("c1")).contains(new Secret(PASSWORD));
        assertThat(store.list()).extracting(Connection::id).containsExactly("c1");
    }

    @Test
    void gmailShouldKeepWhereAndHowAndSealTheServiceAccountKey() throws Exception {
        String key = "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN PRIVATE KEY-----unique-key-marker\"}";
        GmailSettings how = new GmailSettings(GmailAuthMode.SERVICE_ACCOUNT, "anna@example.com",
                GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, true, false, 3);
        ImapSettings where = new ImapSettings("imap.gmail.com", 993, ImapSecurity.TLS, null, null, null, null);
        store.insert(new Connection("g1", "Workspace", ConnectionRole.SOURCE, ConnectionKind.GMAIL, where, null, null,
                false, T0, T0, null, how), new Secret(key));
        Connection read = store.find("g1").orElseThrow();
        assertThat(read.gmail()).isEqualTo(how);
        assertThat(read.imap()).isEqualTo(where);
        assertThat(store.secret("g1")).contains(new Secret(key));
        db.close();
        StringBuilder raw = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("mailferry.db")).toList()) {
                raw.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(raw.toString()).contains("ONE_FOLDER_WITH_CATEGORIES").doesNotContain("unique-key-marker");
        db = Database.open(dir.resolve("mailferry.db"));
    }

    @Test
    void passwordShouldNotBeReadableInTheDatabaseFiles() throws Exception {
        store.insert(imap("c1", "Old server"), new Secret(PASSWORD));
        db.close();
        StringBuilder raw = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("mailferry.db")).toList()) {
                raw.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(raw.toString()).contains("imap.example.com").doesNotContain(PASSWORD);
        db = Database.open(dir.resolve("mailferry.db"));
    }

    @Test
    void updateWithoutSecretShouldKeepTheStoredOneAndClearTheLastTest() {
        store.insert(imap("c1", "Old server"), new Secret(PASSWORD));
        store.saveLastTest("c1", ConnectionTestResult.failed(ConnectionFailure.DNS, "No such host.", T0, 3));
        Connection renamed = new Connection("c1", "Renamed", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings("tenant", "client"), null, false, T0, T0.plusSeconds(60), null);
        Connection updated = store.update(renamed, null).orElseThrow();
        assertThat(updated.name()).isEqualTo("Renamed");
        assertThat(updated.graph()).isEqualTo(new GraphSettings("tenant", "client"));
        assertThat(updated.imap()).isNull();
        assertThat(updated.lastTest()).isNull();
        assertThat(store.secret("c1")).contains(new Secret(PASSWORD));
        store.update(renamed, new Secret("new one"));
        assertThat(store.secret("c1")).contains(new Secret("new one"));
        assertThat(store.update(imap("nope", "x"), null)).isEmpty();
    }

    @Test
    void saveLastTestShouldBeReturnedWithTheConnection() {
        store.insert(imap("c1", "Old server"), null);
        ConnectionTestResult ok = ConnectionTestResult.success("Logged in.", "IMAP4rev1", T0, 42);
        assertThat(store.saveLastTest("c1", ok)).isTrue();
        assertThat(store.find("c1").orElseThrow().lastTest()).isEqualTo(ok);
        assertThat(store.find("c1").orElseThrow().hasSecret()).isFalse();
        assertThat(store.secret("c1")).isEmpty();
    }

    @Test
    void deleteShouldRefuseAConnectionStillReferencedByAnotherRow() {
        store.insert(imap("c1", "Old server"), null);
        store.insert(imap("c2", "Other"), null);
        db.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE user_of_connection (id INTEGER PRIMARY KEY, "
                    + "connection_id TEXT NOT NULL REFERENCES connection(id))");
            h.execute("INSERT INTO user_of_connection(connection_id) VALUES ('c1')");
        });
        assertThatThrownBy(() -> store.delete("c1")).isInstanceOf(ConnectionStore.InUseException.class);
        assertThat(store.delete("c2")).isTrue();
        assertThat(store.delete("c2")).isFalse();
        assertThat(store.find("c1")).isPresent();
    }
}
