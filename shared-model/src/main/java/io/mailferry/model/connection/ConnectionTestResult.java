package io.mailferry.model.connection;

import java.time.Instant;

/**
 * Outcome of "test connection": it really connected and logged in, or says in plain words what failed.
 *
 * @param ok       true when the login succeeded
 * @param failure  null when ok; otherwise the stable cause
 * @param message  one sentence for the admin, e.g. "Source IMAP server imap.example.com:993 refused the connection."
 * @param details  server capabilities or greeting when ok (informational), may be null
 * @param testedAt when the test ran
 * @param millis   how long it took
 */
public record ConnectionTestResult(
        boolean ok,
        ConnectionFailure failure,
        String message,
        String details,
        Instant testedAt,
        long millis) {

    public static ConnectionTestResult success(String message, String details, Instant at, long millis) {
        return new ConnectionTestResult(true, null, message, details, at, millis);
    }

    public static ConnectionTestResult failed(ConnectionFailure failure, String message, Instant at, long millis) {
        return new ConnectionTestResult(false, failure, message, null, at, millis);
    }
}
