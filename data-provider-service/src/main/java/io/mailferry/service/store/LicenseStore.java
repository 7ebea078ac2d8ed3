package io.mailferry.service.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The installed license key and the seats taken ({@code license} and {@code seat} tables). A seat is a source
 * mailbox's identity ({@code "<kind>:<server>/<mailbox>"}, compared without case) and is never given back. Thread-safe;
 * {@link #takeSeats} is one transaction.
 */
public final class LicenseStore {
    private static final int CHUNK = 500;

    private final Database database;

    public LicenseStore(Database database) {
        this.database = database;
    }

    /** The installed key's text, as entered. */
    public Optional<String> key() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT key_text FROM license WHERE id = 1")
                .mapTo(String.class).findOne());
    }

    /** Installs {@code keyText}, replacing any key installed before. */
    public void saveKey(String keyText, Instant installedAt) {
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO license (id, key_text, installed_at) "
                        + "VALUES (1, :k, :t) ON CONFLICT (id) DO UPDATE SET key_text = :k, installed_at = :t")
                .bind("k", keyText).bind("t", installedAt.toEpochMilli()).execute());
    }

    /** Removes the installed key; true when there was one. Seats stay taken. */
    public boolean removeKey() {
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM license").execute()) > 0;
    }

    /** Seats taken so far. */
    public int seatsUsed() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM seat").mapTo(Integer.class).one());
    }

    /** Those of {@code sources} that have no seat yet (lower-cased, without repeats). */
    public Set<String> withoutSeat(Collection<String> sources) {
        Set<String> wanted = new HashSet<>();
        sources.forEach(s -> wanted.add(normal(s)));
        List<String> all = List.copyOf(wanted);
        for (int from = 0; from < all.size(); from += CHUNK) { // SQLite caps the bound parameters of one statement
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            wanted.removeAll(database.jdbi().withHandle(h -> h.createQuery(
                            "SELECT source FROM seat WHERE source IN (<sources>)")
                    .bindList("sources", chunk).mapTo(String.class).list()));
        }
        return wanted;
    }

    /** Those of {@code sources}, as given, that hold a seat already. */
    public List<String> seated(Collection<String> sources) {
        Set<String> without = withoutSeat(sources);
        return sources.stream().filter(s -> !without.contains(normal(s))).distinct().toList();
    }

    /** Takes a seat for each of {@code sources} that has none yet, in one transaction; returns how many were new. */
    public int takeSeats(Collection<String> sources, Instant at) {
        Set<String> distinct = new HashSet<>();
        sources.forEach(s -> distinct.add(normal(s)));
        return database.jdbi().inTransaction(h -> {
            int added = 0;
            for (String s : distinct) {
                added += h.createUpdate("INSERT OR IGNORE INTO seat (source, first_started_at) VALUES (:s, :t)")
                        .bind("s", s).bind("t", at.toEpochMilli()).execute();
            }
            return added;
        });
    }

    /** A seat identity as the store compares it (without case, trimmed). */
    public static String normal(String source) {
        return source.strip().toLowerCase(Locale.ROOT);
    }
}
