package io.mailferry.service.app.alert;

import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;

/** Sends one plain-text mail through the admin's SMTP server. Implemented by the SMTP connector. */
@FunctionalInterface
public interface AlertMailer {
    /**
     * Sends {@code subject} and {@code body} from {@code settings.from()} to every recipient. Never throws for mail
     * trouble: the result says whether the server took the mail and, if not, why in one sentence that never contains
     * the password (wrong password, unknown or unreachable host, TLS refused or not trusted). Thread-safe.
     *
     * @param password null when the server needs no login
     */
    ConnectionTestResult send(AlertSettings settings, Secret password, String subject, String body);
}
