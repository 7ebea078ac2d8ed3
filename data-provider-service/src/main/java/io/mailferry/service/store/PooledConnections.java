package io.mailferry.service.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite connections kept open between Jdbi handles: opening one (the file, its pragmas) cost about 0.7 ms, twenty
 * times a ledger statement, and a migration opens a handle for every listing's ledger read, checkpoint and progress row
 * (the ledger's writes have a connection of their own, {@link Database#durably}). A handle's {@code close} gives its
 * connection back instead of closing it, rolled back first if a transaction was left open, so the next handle starts
 * from autocommit as a fresh connection would. At most {@link #MAX_IDLE} wait; more are closed. Jdbi closes every
 * statement of a handle before the handle, so a connection never comes back holding a read snapshot. {@link #clear}
 * closes the idle ones and those in use when they come back, for settings that only new connections take
 * ({@link Database#freezeSize}). Thread-safe; each connection serves one handle at a time.
 */
final class PooledConnections implements DataSource {
    static final int MAX_IDLE = 8;

    private final SQLiteDataSource source;
    private final BlockingDeque<Opened> idle = new LinkedBlockingDeque<>();
    /** Bumped by {@link #clear}: a connection opened before is closed when given back. */
    private volatile int generation;
    private volatile boolean closed;

    /**
     * A connection of the pool, with the statements {@link #using} prepared on it: each kept while the connection
     * lives (closing it finalizes them), used by one caller at a time as the connection is.
     */
    private record Opened(Connection real, int generation, KeptStatements statements) {
    }

    PooledConnections(SQLiteDataSource source) {
        this.source = source;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return lease(take());
    }

    /**
     * Runs {@code work} with the statement {@code sql} on a connection of the pool itself, not a leased proxy (whose
     * every call goes through reflection), and gives the connection back after. The statement is kept per connection
     * ({@link KeptStatements}). {@code work}
     * closes the result sets it opens, which resets the statement and ends its read. A statement whose work failed is
     * closed, not kept. {@code sql} is a constant, as for {@link Database#durably(String, Database.StatementWork)}.
     */
    <T> T using(String sql, Database.StatementWork<T> work) throws SQLException {
        Opened opened = take();
        try {
            try {
                return work.run(opened.statements().on(opened.real(), sql));
            } catch (SQLException | RuntimeException | Error e) {
                opened.statements().drop(sql);
                throw e;
            }
        } finally {
            giveBack(opened);
        }
    }

    private Opened take() throws SQLException {
        for (Opened opened = idle.pollFirst(); opened != null; opened = idle.pollFirst()) {
            if (opened.generation() == generation) {
                return opened;
            }
            closeQuietly(opened.real()); // offered just before a clear(): opened with the old settings
        }
        int current = generation; // read before opening: a clear() meanwhile makes this connection stale, not current
        return new Opened(source.getConnection(), current, new KeptStatements());
    }

    /** Closes the idle connections now and those in use when they are given back. */
    void clear() {
        generation++;
        for (Opened o = idle.pollFirst(); o != null; o = idle.pollFirst()) {
            closeQuietly(o.real());
        }
    }

    void close() {
        closed = true;
        clear();
    }

    private Connection lease(Opened opened) {
        Connection real = opened.real();
        AtomicBoolean returned = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (method.getDeclaringClass() == Object.class) { // equals, hashCode, toString: of the proxy
                        return switch (name) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "pooled " + real;
                        };
                    }
                    if (method.getParameterCount() == 0 && name.equals("close")) {
                        if (returned.compareAndSet(false, true)) {
                            giveBack(opened);
                        }
                        return null;
                    }
                    if (method.getParameterCount() == 0 && name.equals("isClosed")) {
                        return returned.get() || real.isClosed();
                    }
                    if (returned.get()) {
                        throw new SQLException("This database connection was closed.");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void giveBack(Opened opened) {
        Connection real = opened.real();
        try {
            if (real.isClosed()) {
                return;
            }
            if (!real.getAutoCommit()) {
                real.rollback();
                real.setAutoCommit(true);
            }
            if (!closed && opened.generation() == generation && idle.size() < MAX_IDLE) {
                idle.offerFirst(opened);
                if (!closed && opened.generation() == generation) {
                    return;
                }
                if (!idle.remove(opened)) {
                    return; // another handle took it meanwhile; it is closed when that one gives it back
                }
            }
            closeQuietly(real);
        } catch (SQLException e) {
            closeQuietly(real); // a connection in doubt is never reused
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection nobody uses any more: nothing to tell anyone
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no driver log
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // a file opens without a login
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
