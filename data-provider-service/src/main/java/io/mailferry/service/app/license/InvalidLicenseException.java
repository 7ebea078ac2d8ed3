package io.mailferry.service.app.license;

/** A license key that cannot be trusted or read; the message is one plain sentence for the admin. */
public final class InvalidLicenseException extends Exception {
    public InvalidLicenseException(String message) {
        super(message);
    }

    public InvalidLicenseException(String message, Throwable cause) {
        super(message, cause);
    }
}
