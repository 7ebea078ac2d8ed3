package io.mailferry.model.connection;

/**
 * Microsoft 365 tenant reached through Microsoft Graph with an app registration (app-only, client credentials).
 *
 * @param tenantId          directory (tenant) id or primary domain
 * @param clientId          application (client) id
 * @param certificateThumbprint optional: when set, the secret is a PKCS#12 certificate instead of a client secret
 */
public record GraphSettings(String tenantId, String clientId, String certificateThumbprint) {
}
