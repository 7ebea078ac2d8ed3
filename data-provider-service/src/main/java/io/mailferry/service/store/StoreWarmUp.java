package io.mailferry.service.store;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.mailbox.Progress;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store's first-time work, run by a command on a thread of its own while it reads its arguments
 * ({@code StartupWarmUp}, ADR 0051), so that opening the data directory finds it done. Touches no file; changes nothing
 * a later opening sees.
 */
public final class StoreWarmUp {
    private StoreWarmUp() {
    }

    /** Jdbi's configuration, a handle, a statement, a query and a transaction through SQLite's native library. */
    public static void database() {
        SQLiteDataSource memory = new SQLiteDataSource(new SQLiteConfig());
        memory.setUrl("jdbc:sqlite::memory:");
        Jdbi jdbi = Database.jdbi(memory);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE warm (id TEXT PRIMARY KEY, n INTEGER, at INTEGER)");
            h.useTransaction(t -> t.createUpdate("INSERT INTO warm (id, n, at) VALUES (:id, :n, :at)")
                    .bind("id", "a").bind("n", 1).bind("at", 2L).execute());
            h.createQuery("SELECT id, n, at FROM warm WHERE id = :id").bind("id", "a")
                    .map((rs, ctx) -> rs.getString("id") + rs.getInt("n") + rs.getLong("at")).findOne();
            h.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
        });
    }

    /** The JSON of a job's options and of progress, both ways. */
    public static void json() {
        StoreJson.read(StoreJson.write(JobOptions.defaults()), JobOptions.class);
        StoreJson.read(StoreJson.write(Progress.empty()), Progress.class);
    }
}
