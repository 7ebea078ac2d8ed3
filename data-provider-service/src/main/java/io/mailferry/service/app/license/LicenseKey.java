package io.mailferry.service.app.license;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified license key states. Only {@link LicenseVerifier} creates these from key text, after the signature
 * checked out; tests may build them directly.
 *
 * @param licensee  who the key was issued to, e.g. "Contoso Ltd"
 * @param seats     source mailboxes the key allows to migrate (each consumes one seat, once), at least 1
 * @param expiresAt the first instant the key is no longer valid
 */
public record LicenseKey(String licensee, int seats, Instant expiresAt) {
    public LicenseKey {
        Objects.requireNonNull(licensee, "licensee");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (seats < 1) {
            throw new IllegalArgumentException("A license key allows at least one seat, not " + seats);
        }
    }
}
