package io.mailferry.service.app.license;

/**
 * A license key that cannot be trusted or read; the message is one plain sentence for the admin and {@link #code()} a
 * stable error code for the API ({@code license_invalid}, {@code license_wrong_product}, {@code license_newer_format}).
 */
public final class InvalidLicenseException extends Exception {
    public static final String INVALID = "license_invalid";
    public static final String WRONG_PRODUCT = "license_wrong_product";
    public static final String NEWER_FORMAT = "license_newer_format";

    private final String code;

    public InvalidLicenseException(String message) {
        this(INVALID, message, null);
    }

    public InvalidLicenseException(String message, Throwable cause) {
        this(INVALID, message, cause);
    }

    public InvalidLicenseException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable error code of this refusal. */
    public String code() {
        return code;
    }
}
