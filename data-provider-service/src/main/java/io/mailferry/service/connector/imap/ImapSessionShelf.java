package io.mailferry.service.connector.imap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logged-in sessions a connection test leaves for the migration that follows it ({@code mailferry migrate} tests both
 * sides, then its pass opens the same mailboxes): the pass takes the test's session instead of connecting and logging
 * in again — through a 40 ms link three round trips per side (connect, AUTHENTICATE and its continuation), and a TLS
 * handshake. A session is only handed to a login of the same settings, side, user and password (the password is kept
 * as a SHA-256 digest, in memory only), at most one per such login, for {@link #KEEP_MILLIS}; then it is logged out.
 * Meanwhile the session reads what the pass would read first ({@link Preparation}), while the test's caller goes on:
 * a pass that takes it waits for that, and opens its own session when it failed. Thread-safe.
 */
final class ImapSessionShelf {
    private static final Logger LOG = LoggerFactory.getLogger(ImapSessionShelf.class);
    /** How long a parked session waits for its pass: a test's pass follows within a second. */
    static final long KEEP_MILLIS = 15_000;

    private static final class Shared {
        static final ImapSessionShelf INSTANCE = new ImapSessionShelf(KEEP_MILLIS,
                () -> System.nanoTime() / 1_000_000);
    }

    /** Who a parked session is logged in as, and where. */
    private record Key(Object config, String login, Digest secret) {
        @Override
        public String toString() {
            return "Key[" + config + ", " + login + ", ***]";
        }
    }

    /** A password's digest with value equality (a record of an array would compare identities). */
    private record Digest(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "***";
        }
    }

    /** What a parked session reads before a pass may take it; a failure means the pass opens its own. */
    @FunctionalInterface
    interface Preparation {
        void prepare(ImapSession session) throws Exception;
    }

    /** A parked session, ready (null) once its preparation ended well; a pass waits for that. */
    private record Parked(ImapSession session, CompletableFuture<ImapSession> ready, long at) {
    }

    private final long keepMillis;
    private final LongSupplier clock;
    private final Map<Key, Parked> parked = new HashMap<>();
    private Timer expiry;

    ImapSessionShelf(long keepMillis, LongSupplier clock) {
        this.keepMillis = keepMillis;
        this.clock = clock;
    }

    static ImapSessionShelf shared() {
        return Shared.INSTANCE;
    }

    /**
     * Leaves {@code session}, logged in as {@code login} with {@code password}, for the next {@link #take}, and runs
     * {@code preparation} on it meanwhile, on a thread of its own (the caller goes on at once).
     */
    void park(ImapSession session, String login, String password, Preparation preparation) {
        Key key = key(session.config(), login, password);
        long at = clock.getAsLong();
        CompletableFuture<ImapSession> ready = new CompletableFuture<>();
        Thread prepare = new Thread(() -> {
            try {
                preparation.prepare(session);
                ready.complete(session);
            } catch (Exception | Error e) {
                LOG.debug("A parked IMAP session is not handed over", e);
                ready.complete(null);
            }
        }, "mailferry-parked-session");
        prepare.setDaemon(true);
        Parked older;
        synchronized (this) {
            older = parked.put(key, new Parked(session, ready, at));
            try {
                if (expiry == null) {
                    expiry = new Timer("mailferry-parked-sessions", true);
                }
                expiry.schedule(new TimerTask() {
                    @Override
                    public void run() {
                        expire(key, at);
                    }
                }, keepMillis);
                prepare.start();
            } catch (RuntimeException | Error e) {
                parked.remove(key); // never an entry whose preparation does not run: a take would wait for ever
                ready.complete(null);
                throw e;
            }
        }
        if (older != null) {
            closeWhenPrepared(older);
        }
    }

    /** The session parked for this login, or null: open one. A session parked too long is logged out instead. */
    ImapSession take(ImapConnectionConfig config, String login, String password) {
        Parked p;
        synchronized (this) {
            if (parked.isEmpty()) {
                return null; // no digest computed: a service that never parks pays nothing
            }
            p = parked.remove(key(config, login, password));
        }
        if (p == null) {
            return null;
        }
        if (clock.getAsLong() - p.at() > keepMillis) {
            closeWhenPrepared(p);
            return null;
        }
        ImapSession ready = p.ready().join();
        if (ready == null) {
            p.session().close();
        }
        return ready;
    }

    /** How many sessions are parked (tests). */
    synchronized int size() {
        return parked.size();
    }

    private void expire(Key key, long at) {
        Parked p;
        synchronized (this) {
            p = parked.get(key);
            if (p == null || p.at() != at) {
                return; // taken, or parked again since
            }
            parked.remove(key);
        }
        closeWhenPrepared(p);
    }

    /**
     * Logs the session out once its preparation ended (never two threads on one session); on the expiry's thread when
     * that ended already — a LOGOUT, at most the read timeout, before the next expiry.
     */
    private static void closeWhenPrepared(Parked p) {
        p.ready().whenComplete((s, e) -> p.session().close());
    }

    private static Key key(ImapConnectionConfig config, String login, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (password == null ? "" : password).getBytes(StandardCharsets.UTF_8));
            return new Key(config.identity(), login, new Digest(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
