package io.mailferry.model.license;

/**
 * A license key to install ({@code PUT /api/v1/license}).
 *
 * @param key the key text as issued ({@code payload.signature}); line breaks and spaces are ignored
 */
public record LicenseRequest(String key) {
}
