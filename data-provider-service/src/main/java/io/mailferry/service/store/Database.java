package io.mailferry.service.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite database file of a data directory, opened with WAL journaling, foreign keys on and a busy timeout, and
 * migrated to the newest schema on open.
 *
 * <p>Each Jdbi handle takes an SQLite connection from {@link PooledConnections} and gives it back when it closes
 * (opening one, a file plus the pragmas below, cost twenty statements); the ledger's durable writes have a connection
 * of their own ({@link #durably}). One extra connection is held open for the life of this object: while any
 * connection is open SQLite keeps the WAL file and its index, instead of checkpointing and deleting them each time the
 * last handle closes (TOOLCHAIN pitfall: Jdbi's on-demand handles close after every call). Writers from several
 * threads wait up to {@link #BUSY_TIMEOUT_MILLIS} for each other instead of failing with SQLITE_BUSY. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    public static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final Path file;
    private final Jdbi jdbi;
    private final Connection keepAlive;
    private final SQLiteDataSource dataSource;
    private final PooledConnections pool;
    /**
     * Taken by the writes of a pass (the ledger's durable writes, folder checkpoints, a pair's outcome, a job's end),
     * first come first served. SQLite's busy handler is no queue: a waiting
     * writer sleeps and retries, and with 20 mailboxes at once (40 workers each committing with an fsync) one of them
     * could miss the lock for longer than the busy timeout while the others kept taking it, and its pass failed with
     * "database is locked". In one process these writers now wait here in turn; SQLite's timeout is left for the
     * few other writes and for other processes.
     */
    private final ReentrantLock durableWrites = new ReentrantLock(true);
    /** The connection of {@link #durably}, at {@code synchronous = FULL}; opened on first use (guarded by the lock). */
    private Connection durable;
    /** The statements prepared on {@link #durable} by their text, closed with it (guarded by the lock). */
    private final KeptStatements durableStatements = new KeptStatements();
    /** Set by {@link #close}: a write still running then (a pass being stopped) opens no connection (guarded too). */
    private boolean closed;

    private Database(Path file, Connection keepAlive, SQLiteDataSource dataSource) {
        this.file = file;
        this.pool = new PooledConnections(dataSource);
        this.jdbi = jdbi(pool);
        this.keepAlive = keepAlive;
        this.dataSource = dataSource;
    }

    /** Jdbi over {@code connections} as the store uses it (its statements name their parameters {@code :name}). */
    static Jdbi jdbi(DataSource connections) {
        Jdbi jdbi = Jdbi.create(connections);
        jdbi.getConfig(SqlStatements.class).setSqlParser(new ColonSqlParser());
        return jdbi;
    }

    /** Opens (creating if needed) the database file and applies pending migrations from {@code db/migration}. */
    public static Database open(Path file) {
        return open(file, new SchemaMigrator());
    }

    static Database open(Path file, SchemaMigrator migrator) {
        return open(file, migrator, BUSY_TIMEOUT_MILLIS);
    }

    /** With another busy timeout: tests that prove the ledger's writers never meet SQLite's. */
    static Database open(Path file, SchemaMigrator migrator, int busyTimeoutMillis) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the directory of " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(busyTimeoutMillis);
        // NORMAL is durable across application crashes in WAL mode; only a power loss may undo the last commits.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Connection keepAlive;
        try {
            keepAlive = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not open the database " + file + ": " + reason(e), e);
        }
        Database db = new Database(file, keepAlive, dataSource);
        try {
            migrator.migrate(db.jdbi);
            // SQLite opens the file on a connection's first statement; until then the keep-alive holds nothing
            try (java.sql.Statement st = keepAlive.createStatement()) {
                st.executeQuery("SELECT count(*) FROM sqlite_master").close();
            }
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException("Could not read the database " + file + ": " + reason(e), e);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        log.info("Opened database {}", file);
        return db;
    }

    /** Runs a write of a pass in its turn (see {@link #durableWrites}); never call back into a pass from it. */
    void inTurn(Runnable write) {
        durableWrites.lock();
        try {
            write.run();
        } finally {
            durableWrites.unlock();
        }
    }

    /** One transaction of a pass's durable writes: plain JDBC on {@link #durably}'s connection. */
    @FunctionalInterface
    interface DurableWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in its turn as one transaction whose commit is fsynced ({@code synchronous = FULL}), on a
     * connection kept at that mode for these writes — the ledger's, two per batch of a pass. Each used to take a pooled
     * connection, set FULL, go through a Jdbi handle and transaction and set NORMAL again: four statements and a handle
     * around every write (in a CPU profile 0.66 s of a 20,000-message pass, now 0.49; docs/performance.md, issue 10
     * part 12). A failed transaction is rolled back; when even that fails, the connection is closed and the next write
     * opens another. SQLite's words stay in the exception's cause ({@code FailureText} recognises a full disk by them).
     */
    <T> T durably(DurableWork<T> work) {
        durableWrites.lock();
        try {
            Connection c = durableConnection();
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                rollBack(c, e);
                throw new UnableToExecuteStatementException(e, null);
            } catch (RuntimeException | Error e) {
                // an Error too (out of memory): the service goes on, and a half-written batch left open would hold
                // SQLite's write lock and be committed with the next write
                rollBack(c, e);
                throw e;
            }
        } finally {
            durableWrites.unlock();
        }
    }

    /** One statement of a pass's durable writes, prepared once per connection ({@link #durably(String, StatementWork)}). */
    @FunctionalInterface
    interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /**
     * {@link #durably(DurableWork)} with the statement {@code sql}, prepared the first time on the durable connection
     * and kept for the next writes ({@link KeptStatements}).
     */
    <T> T durably(String sql, StatementWork<T> work) {
        return durably(c -> work.run(durableStatements.on(c, sql)));
    }

    /** Two statements in one transaction of {@link #durably(DurableWork)}, each as {@link KeptStatements} gives it. */
    @FunctionalInterface
    interface TwoStatementsWork<T> {
        T run(PreparedStatement first, PreparedStatement second) throws SQLException;
    }

    /** {@link #durably(String, StatementWork)} with two statements: one transaction, one fsync. */
    <T> T durably(String first, String second, TwoStatementsWork<T> work) {
        return durably(c -> work.run(durableStatements.on(c, first), durableStatements.on(c, second)));
    }

    /**
     * Runs {@code work} with the statement {@code sql} on a pooled connection in autocommit, without a Jdbi handle: the
     * reads a pass makes per folder and per page (the ledger's rows of a page), and a write that needs no fsync (a
     * checkpoint). Opening a handle cost more than a short read itself, and the statement is prepared once per
     * connection ({@link PooledConnections#using}). {@code work} closes every result set it opens: one left open would
     * hold its read while the connection waits in the pool, and no checkpoint could then empty the log. SQLite's
     * refusal comes as Jdbi's would.
     */
    <T> T pooled(String sql, StatementWork<T> work) {
        try {
            return pool.using(sql, work);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private Connection durableConnection() {
        if (closed) {
            throw new IllegalStateException("The database " + file + " is closed.");
        }
        if (durable == null) {
            Connection c = null;
            try {
                c = dataSource.getConnection();
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA synchronous = FULL");
                }
                c.setAutoCommit(false);
                durable = c;
            } catch (SQLException e) {
                closeQuietly(c);
                throw new UnableToExecuteStatementException(e, null);
            }
        }
        return durable;
    }

    private void rollBack(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            forgetDurable();
        }
    }

    /** Closes the durable connection and its statements; the next durable write opens another (lock held). */
    private void forgetDurable() {
        durableStatements.closeAll();
        closeQuietly(durable);
        durable = null;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a connection that cannot even close is given up on
            }
        }
    }

    /** Jdbi over this database; use {@code withHandle}/{@code inTransaction}, never keep a handle open. */
    public Jdbi jdbi() {
        return jdbi;
    }

    public Path file() {
        return file;
    }

    /**
     * Lets the database file grow by no more than it has now ({@code true}), as when its disk is full — SQLite then
     * refuses every write that needs a new page with SQLITE_FULL — or without limit again ({@code false}). Applies to
     * the connections opened from now on: the pooled ones are closed (those in use when given back), and so is
     * {@link #durably}'s, which the next durable write opens again. For the fault tests of the full-disk path.
     */
    public void freezeSize(boolean frozen) {
        // SQLite never lowers max_page_count below the file's current size: 1 means "as large as it is now"
        dataSource.setMaxPageCount(frozen ? 1 : 1_073_741_823);
        pool.clear();
        closeDurable(false);
    }

    /** Closes {@link #durably}'s connection; the next durable write opens another unless {@code forGood}. */
    private void closeDurable(boolean forGood) {
        durableWrites.lock();
        try {
            closed |= forGood;
            forgetDurable();
        } finally {
            durableWrites.unlock();
        }
    }

    /** SQLite's refusal in plain words; disk trouble keeps the words {@code FailureText} recognises in the cause. */
    private static String reason(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_NOTADB")) {
            return "the file is not a Mailferry database.";
        }
        if (m.contains("SQLITE_CORRUPT")) {
            return "the file is damaged; restore it from a backup or use another data directory.";
        }
        if (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED")) {
            return "another program holds it locked.";
        }
        if (m.contains("SQLITE_CANTOPEN") || m.contains("SQLITE_PERM") || m.contains("SQLITE_AUTH")) {
            return "the file cannot be opened; check that the service's user may read and write it.";
        }
        log.error("The embedded database refused to open or read its file", e);
        return "the embedded database refused it (the log has its words).";
    }

    @Override
    public void close() {
        closeDurable(true);
        pool.close();
        try {
            keepAlive.close();
        } catch (SQLException e) {
            log.warn("Closing the database {} failed: {}", file, e.getMessage());
        }
    }
}
