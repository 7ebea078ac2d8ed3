package io.mailferry.service.app;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.store.ConnectionStore;

/** A connection's stored secret for the service's own use, or the admin's sentence when it no longer decrypts. */
final class StoredSecrets {
    private StoredSecrets() {
    }

    /**
     * The secret of {@code c}, null when it has none.
     *
     * @param named how the sentence names the connection, e.g. "The job's source connection 'Old IMAP'"
     * @throws AppException 422 {@code connection_secret_unreadable} with SecretCipher's sentence (a replaced
     *                      secret.key, a damaged value): the admin enters the secret again
     */
    static Secret of(ConnectionStore store, Connection c, String named) {
        try {
            return store.secret(c.id()).orElse(null);
        } catch (IllegalStateException undecryptable) {
            throw new AppException(AppException.Kind.UNPROCESSABLE, "connection_secret_unreadable", named + ": "
                    + undecryptable.getMessage());
        }
    }
}
