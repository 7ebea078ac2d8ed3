package io.mailferry.service.store;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The defined connections. Settings are kept as JSON of the kind's settings record; the secret is sealed by
 * {@link SecretCipher} with the connection id as context and only ever leaves this class through
 * {@link #secret(String)}. Thread-safe.
 */
public final class ConnectionStore {
    private static final String COLUMNS =
            "id, name, role, kind, settings_json, secret, created_at, updated_at, last_test_json";

    private final Database database;
    private final SecretCipher cipher;

    public ConnectionStore(Database database, SecretCipher cipher) {
        this.database = database;
        this.cipher = cipher;
    }

    /** Thrown by {@link #delete} when another row (a job) still refers to the connection. */
    public static final class InUseException extends RuntimeException {
        public InUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Inserts a new connection ({@code hasSecret} and {@code lastTest} of the argument are ignored). */
    public Connection insert(Connection c, Secret secret) {
        byte[] sealed = seal(c.id(), secret);
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO connection(" + COLUMNS + ") VALUES "
                        + "(:id, :name, :role, :kind, :settings, :secret, :created, :updated, NULL)")
                .bind("id", c.id()).bind("name", c.name()).bind("role", c.role().name()).bind("kind", c.kind().name())
                .bind("settings", settingsJson(c)).bind("secret", sealed)
                .bind("created", c.createdAt().toEpochMilli()).bind("updated", c.updatedAt().toEpochMilli())
                .execute());
        return find(c.id()).orElseThrow();
    }

    /**
     * Replaces name, role, kind, settings and {@code updatedAt}; a null {@code secret} keeps the stored one. The last
     * test result is cleared: it described the old settings.
     *
     * @return the updated connection, empty when no connection has that id
     */
    public Optional<Connection> update(Connection c, Secret secret) {
        String setSecret = secret == null ? "" : ", secret = :secret";
        int rows = database.jdbi().withHandle(h -> {
            var update = h.createUpdate("UPDATE connection SET name = :name, role = :role, kind = :kind, "
                            + "settings_json = :settings, updated_at = :updated, last_test_json = NULL" + setSecret
                            + " WHERE id = :id")
                    .bind("id", c.id()).bind("name", c.name()).bind("role", c.role().name())
                    .bind("kind", c.kind().name()).bind("settings", settingsJson(c))
                    .bind("updated", c.updatedAt().toEpochMilli());
            if (secret != null) {
                update.bind("secret", seal(c.id(), secret));
            }
            return update.execute();
        });
        return rows == 0 ? Optional.empty() : find(c.id());
    }

    public Optional<Connection> find(String id) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM connection WHERE id = :id")
                        .bind("id", id).map((rs, ctx) -> row(rs)).findOne())
                .map(this::toConnection);
    }

    /** All connections, sources first, then by name. */
    public List<Connection> list() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM connection "
                        + "ORDER BY role DESC, name COLLATE NOCASE, id").map((rs, ctx) -> row(rs)).list())
                .stream().map(this::toConnection).toList();
    }

    /** Whether a job that reads from this connection has started a pass (its copies are on a target already). */
    public boolean sourceOfAJobThatRan(String id) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM job WHERE "
                + "source_connection_id = :id AND last_run_started_at IS NOT NULL)").bind("id", id)
                .mapTo(Boolean.class).one());
    }

    /** The decrypted secret of a connection; empty when the connection or its secret does not exist. */
    public Optional<Secret> secret(String id) {
        Optional<byte[]> sealed = database.jdbi().withHandle(h -> h.createQuery("SELECT secret FROM connection "
                + "WHERE id = :id AND secret IS NOT NULL").bind("id", id).mapTo(byte[].class).findOne());
        return sealed.map(bytes -> new Secret(cipher.decrypt(bytes, id)));
    }

    /** Records the outcome of the latest "test connection"; false when the connection does not exist. */
    public boolean saveLastTest(String id, ConnectionTestResult result) {
        return database.jdbi().withHandle(h -> h.createUpdate("UPDATE connection SET last_test_json = :t WHERE id = :id")
                .bind("id", id).bind("t", write(result)).execute()) > 0;
    }

    /**
     * Deletes a connection.
     *
     * @return false when it did not exist
     * @throws InUseException when a foreign key (e.g. a job's) still refers to it
     */
    public boolean delete(String id) {
        try {
            return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM connection WHERE id = :id")
                    .bind("id", id).execute()) > 0;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY) {
                throw new InUseException("Connection " + id + " is used by a job.", e);
            }
            throw e;
        }
    }

    private static ConnectionRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ConnectionRow(rs.getString("id"), rs.getString("name"), rs.getString("role"),
                rs.getString("kind"), rs.getString("settings_json"), rs.getBytes("secret"),
                rs.getLong("created_at"), rs.getLong("updated_at"), rs.getString("last_test_json"));
    }

    /** The settings of a GMAIL connection as kept in settings_json: where (IMAP) and how (Gmail). */
    record GmailSettingsRow(ImapSettings imap, GmailSettings gmail) {
    }

    private Connection toConnection(ConnectionRow r) {
        ConnectionKind kind = ConnectionKind.valueOf(r.kind());
        GmailSettingsRow gmail = kind == ConnectionKind.GMAIL ? read(r.settingsJson(), GmailSettingsRow.class) : null;
        return new Connection(r.id(), r.name(), ConnectionRole.valueOf(r.role()), kind,
                kind == ConnectionKind.IMAP ? read(r.settingsJson(), ImapSettings.class)
                        : gmail != null ? gmail.imap() : null,
                kind == ConnectionKind.MICROSOFT_365 ? read(r.settingsJson(), GraphSettings.class) : null,
                kind == ConnectionKind.EXCHANGE ? read(r.settingsJson(), EwsSettings.class) : null,
                r.secret() != null,
                Instant.ofEpochMilli(r.createdAt()), Instant.ofEpochMilli(r.updatedAt()),
                r.lastTestJson() == null ? null : read(r.lastTestJson(), ConnectionTestResult.class),
                gmail == null ? null : gmail.gmail());
    }

    private String settingsJson(Connection c) {
        return write(switch (c.kind()) {
            case IMAP -> c.imap();
            case MICROSOFT_365 -> c.graph();
            case EXCHANGE -> c.ews();
            case GMAIL -> new GmailSettingsRow(c.imap(), c.gmail());
        });
    }

    private byte[] seal(String id, Secret secret) {
        return secret == null || secret.value() == null ? null : cipher.encrypt(secret.value(), id);
    }

    private static String write(Object value) {
        return StoreJson.write(value);
    }

    private static <T> T read(String text, Class<T> type) {
        return StoreJson.read(text, type);
    }
}
