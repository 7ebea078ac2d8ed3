package io.mailferry.service.store;

import java.util.Optional;

/** Small service-wide values in the {@code setting} table (e.g. the trial start). Thread-safe. */
public final class SettingStore {
    private final Database database;

    public SettingStore(Database database) {
        this.database = database;
    }

    public Optional<String> get(String name) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT value FROM setting WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne());
    }

    /** Stores {@code value} unless the setting exists; returns the value now stored (the first one wins). */
    public String putIfAbsent(String name, String value) {
        database.jdbi().useHandle(h -> h.createUpdate("INSERT OR IGNORE INTO setting (name, value) VALUES (:n, :v)")
                .bind("n", name).bind("v", value).execute());
        return get(name).orElseThrow();
    }
}
