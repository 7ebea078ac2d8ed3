package io.mailferry.service.store;

import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.api.Alert;
import io.mailferry.model.connection.Secret;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The {@code alert} table, the alert settings (JSON in the {@code setting} table, the SMTP password sealed with
 * {@link SecretCipher} under the context {@value #PASSWORD_CONTEXT} and readable only through {@link #password()}),
 * and the few aggregates the alert rules read. Thread-safe.
 */
public final class AlertStore {
    static final String SETTINGS = "alerts.settings";
    static final String PASSWORD = "alerts.smtp_password";
    static final String PASSWORD_CONTEXT = "alerts:smtp";
    private static final String SELECT = "SELECT kind, subject, message, first_seen, last_seen, cleared_at FROM alert";

    private final Database database;
    private final SecretCipher cipher;

    public AlertStore(Database database, SecretCipher cipher) {
        this.database = database;
        this.cipher = cipher;
    }

    /**
     * Makes the open alerts match {@code current} (kind + subject identify one): a new one is opened with its first
     * sighting, one still there gets its message and last sighting, one no longer there is cleared. One transaction.
     * Returns the alerts opened now.
     */
    public List<Alert> sync(Collection<Alert> current, Instant now) {
        long at = now.toEpochMilli();
        return database.jdbi().inTransaction(h -> {
            List<Alert> opened = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Alert a : current) {
                seen.add(key(a.kind(), a.subject()));
                int updated = h.createUpdate("UPDATE alert SET message = :m, last_seen = :at WHERE kind = :k "
                                + "AND subject = :s AND cleared_at IS NULL")
                        .bind("k", a.kind()).bind("s", a.subject()).bind("m", a.message()).bind("at", at).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO alert (kind, subject, message, first_seen, last_seen) "
                                    + "VALUES (:k, :s, :m, :at, :at)")
                            .bind("k", a.kind()).bind("s", a.subject()).bind("m", a.message()).bind("at", at)
                            .execute();
                    opened.add(new Alert(a.kind(), a.subject(), a.message(), now, now, null));
                }
            }
            for (Alert open : open(h)) {
                if (!seen.contains(key(open.kind(), open.subject()))) {
                    h.createUpdate("UPDATE alert SET cleared_at = :at WHERE kind = :k AND subject = :s "
                                    + "AND cleared_at IS NULL")
                            .bind("k", open.kind()).bind("s", open.subject()).bind("at", at).execute();
                }
            }
            return opened;
        });
    }

    /** The alerts open now, oldest first. */
    public List<Alert> open() {
        return database.jdbi().withHandle(AlertStore::open);
    }

    /** The last {@code limit} alerts, open and cleared, newest first. */
    public List<Alert> recent(int limit) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " ORDER BY last_seen DESC, id DESC LIMIT :n")
                .bind("n", limit).map((rs, ctx) -> alert(rs)).list());
    }

    /** When a mail last named this kind and subject (any of its rows, cleared ones included). */
    public Optional<Instant> lastMailed(String kind, String subject) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT MAX(mailed_at) FROM alert WHERE kind = :k "
                        + "AND subject = :s").bind("k", kind).bind("s", subject)
                .mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    /** Records that a mail named these open alerts at {@code now}. */
    public void markMailed(Collection<Alert> alerts, Instant now) {
        database.jdbi().useTransaction(h -> {
            for (Alert a : alerts) {
                h.createUpdate("UPDATE alert SET mailed_at = :at WHERE kind = :k AND subject = :s "
                                + "AND cleared_at IS NULL")
                        .bind("k", a.kind()).bind("s", a.subject()).bind("at", now.toEpochMilli()).execute();
            }
        });
    }

    /** The stored settings, with whether a password is stored; the defaults when none were saved. */
    public AlertSettings settings() {
        Optional<AlertSettings> stored = setting(SETTINGS).map(json -> StoreJson.read(json, AlertSettings.class));
        boolean hasPassword = setting(PASSWORD).isPresent();
        AlertSettings s = stored.orElse(AlertSettings.defaults());
        return new AlertSettings(s.host(), s.port(), s.security(), s.user(), hasPassword, s.trustedCertificatePem(),
                s.from(), s.recipients(), s.periodMinutes(), s.stalledAfterMinutes(), s.diskFreeMegabytes(),
                s.licenseDaysBefore());
    }

    /** Stores the settings; {@code password}: null keeps the stored one, blank removes it, else sealed anew. */
    public void saveSettings(AlertSettings settings, Secret password) {
        AlertSettings withoutFlag = new AlertSettings(settings.host(), settings.port(), settings.security(),
                settings.user(), false, settings.trustedCertificatePem(), settings.from(), settings.recipients(),
                settings.periodMinutes(), settings.stalledAfterMinutes(), settings.diskFreeMegabytes(),
                settings.licenseDaysBefore());
        database.jdbi().useTransaction(h -> {
            put(h, SETTINGS, StoreJson.write(withoutFlag));
            if (password != null && password.isBlank()) {
                h.createUpdate("DELETE FROM setting WHERE name = :n").bind("n", PASSWORD).execute();
            } else if (password != null) {
                put(h, PASSWORD, Base64.getEncoder().encodeToString(cipher.encrypt(password.value(),
                        PASSWORD_CONTEXT)));
            }
        });
    }

    /** The SMTP password, unsealed; empty when none is stored. */
    public Optional<Secret> password() {
        return setting(PASSWORD).map(b64 -> new Secret(cipher.decrypt(Base64.getDecoder().decode(b64),
                PASSWORD_CONTEXT)));
    }

    /** A pair whose last pass failed, with the connections of its job. */
    public record FailedPair(String pairId, String sourceConnectionId, String targetConnectionId, String error) {
    }

    /** Pairs whose last pass failed and ended at or after {@code since}. */
    public List<FailedPair> failedSince(Instant since) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT p.id, j.source_connection_id, "
                        + "j.target_connection_id, p.error FROM mailbox_pair p JOIN job j ON j.id = p.job_id "
                        + "WHERE p.state = 'FAILED' AND p.last_run_ended_at >= :since")
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> new FailedPair(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list());
    }

    /** Items a target connection refused (still failed in the ledger), over how many mailboxes, and one reason. */
    public record Refusals(String targetConnectionId, long items, int mailboxes, String example) {
    }

    /** Per target connection, the ledger's failed items whose reason starts with {@code reasonPrefix}. */
    public List<Refusals> refusals(String reasonPrefix) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT j.target_connection_id, COUNT(*) AS n, "
                        + "COUNT(DISTINCT l.pair_id) AS m, MIN(l.reason) AS example FROM ledger_entry l "
                        + "JOIN mailbox_pair p ON p.id = l.pair_id JOIN job j ON j.id = p.job_id "
                        + "WHERE l.state = 'FAILED' AND substr(l.reason, 1, :len) = :prefix "
                        + "GROUP BY j.target_connection_id")
                .bind("len", reasonPrefix.length()).bind("prefix", reasonPrefix)
                .map((rs, ctx) -> new Refusals(rs.getString(1), rs.getLong("n"), rs.getInt("m"),
                        rs.getString("example")))
                .list());
    }

    private static List<Alert> open(Handle h) {
        return h.createQuery(SELECT + " WHERE cleared_at IS NULL ORDER BY first_seen, id")
                .map((rs, ctx) -> alert(rs)).list();
    }

    private Optional<String> setting(String name) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT value FROM setting WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne());
    }

    private static void put(Handle h, String name, String value) {
        h.createUpdate("INSERT INTO setting (name, value) VALUES (:n, :v) "
                + "ON CONFLICT (name) DO UPDATE SET value = excluded.value").bind("n", name).bind("v", value).execute();
    }

    private static String key(String kind, String subject) {
        return kind + "\u0000" + subject;
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getString("kind"), rs.getString("subject"), rs.getString("message"),
                Instant.ofEpochMilli(rs.getLong("last_seen")), Instant.ofEpochMilli(rs.getLong("first_seen")),
                JobStore.instant(JobStore.nullableLong(rs, "cleared_at")));
    }
}
