package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/** SQLite connections reused between handles, each coming back as a fresh one would be. */
class PooledConnectionsTest {
    @TempDir
    Path dir;
    PooledConnections pool;

    @BeforeEach
    void open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + dir.resolve("t.db"));
        pool = new PooledConnections(source);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (a INTEGER)");
        }
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aConnectionGivenBackShouldServeTheNextHandle() throws SQLException {
        SQLiteConnection first;
        try (Connection c = pool.getConnection()) {
            first = c.unwrap(SQLiteConnection.class);
        }
        try (Connection c = pool.getConnection()) {
            assertThat(c.unwrap(SQLiteConnection.class)).isSameAs(first);
        }
        assertThat(first.isClosed()).isFalse();
    }

    @Test
    void aTransactionLeftOpenShouldBeRolledBackAndTheNextHandleStartInAutocommit() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO t VALUES (1)");
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            assertThat(c.getAutoCommit()).isTrue();
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aConnectionGivenBackShouldRefuseFurtherUse() throws SQLException {
        Connection c = pool.getConnection();
        c.close();
        c.close(); // twice is harmless, and gives nothing back twice
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class);
        assertThat(c).isEqualTo(c); // Jdbi hashes and compares handles by their connection, closed ones too
        assertThat(c.hashCode()).isEqualTo(System.identityHashCode(c));
        assertThat(c.toString()).startsWith("pooled ");
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        assertThat(a.unwrap(SQLiteConnection.class)).isNotSameAs(b.unwrap(SQLiteConnection.class));
        a.close();
        b.close();
    }

    @Test
    void clearShouldCloseTheIdleConnectionsAndThoseInUseWhenGivenBack() throws SQLException {
        Connection idle = pool.getConnection();
        Connection inUse = pool.getConnection();
        SQLiteConnection idleReal = idle.unwrap(SQLiteConnection.class);
        SQLiteConnection inUseReal = inUse.unwrap(SQLiteConnection.class);
        idle.close();
        pool.clear();
        assertThat(idleReal.isClosed()).isTrue();
        inUse.close();
        assertThat(inUseReal.isClosed()).isTrue();
        try (Connection fresh = pool.getConnection()) {
            assertThat(Set.of(idleReal, inUseReal)).doesNotContain(fresh.unwrap(SQLiteConnection.class));
        }
    }

    @Test
    void atMostMaxIdleConnectionsShouldWait() throws SQLException {
        List<Connection> many = new ArrayList<>();
        List<SQLiteConnection> reals = new ArrayList<>();
        for (int i = 0; i < PooledConnections.MAX_IDLE + 3; i++) {
            Connection c = pool.getConnection();
            many.add(c);
            reals.add(c.unwrap(SQLiteConnection.class));
        }
        for (Connection c : many) {
            c.close();
        }
        assertThat(reals.stream().filter(r -> {
            try {
                return r.isClosed();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }).count()).isEqualTo(3);
    }

    @Test
    void aStatementShouldBePreparedOncePerConnectionAndComeWithoutTheLastCallsParameters() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO t VALUES (1)");
        }
        String sql = "SELECT count(*) FROM t WHERE a IS ?";
        AtomicReference<PreparedStatement> first = new AtomicReference<>();
        int one = pool.using(sql, st -> {
            first.set(st);
            st.setInt(1, 1);
            return count(st);
        });
        assertThat(one).isEqualTo(1);
        // the same statement again, its parameter cleared: unbound, it is NULL, which no row has
        int none = pool.using(sql, st -> {
            assertThat(st).isSameAs(first.get());
            return count(st);
        });
        assertThat(none).isZero();
        // a statement whose work failed is closed, not kept
        assertThatThrownBy(() -> pool.using(sql, st -> {
            throw new IllegalStateException("the caller's own failure");
        })).hasMessage("the caller's own failure");
        assertThat(first.get().isClosed()).isTrue();
        PreparedStatement again = pool.using(sql, st -> st);
        assertThat(again).isNotSameAs(first.get());
    }

    @Test
    void aKeptStatementShouldHoldNoReadBetweenCalls() throws SQLException {
        String sql = "SELECT count(*) FROM t";
        assertThat(pool.using(sql, PooledConnectionsTest::count)).isZero();
        try (Connection kept = pool.getConnection(); Connection other = pool.getConnection();
                Statement s = other.createStatement()) {
            // the connection with the kept statement, and another one that writes meanwhile
            assertThat(other.unwrap(SQLiteConnection.class)).isNotSameAs(kept.unwrap(SQLiteConnection.class));
            s.execute("INSERT INTO t VALUES (7)");
            // a reader holding a snapshot would keep the log from being checkpointed to its end (busy = 1)
            try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        assertThat(pool.using(sql, PooledConnectionsTest::count)).isEqualTo(1);
    }

    private static int count(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
