package io.mailferry.admin.dashboard;

import io.mailferry.model.connection.Connection;

/**
 * A connection on its card.
 *
 * @param ok     true when the last test passed, false when it failed, null when never tested
 * @param status "OK, tested 2025-05-01 10:12" or the failed test's sentence
 */
public record ConnectionItem(Connection connection, String name, String kind, String address, Boolean ok,
        String status) {
}
