package io.mailferry.model.connection;

/**
 * Microsoft 365 tenant reached through Microsoft Graph with an app registration (app-only, client credentials). The
 * credential itself is the connection's secret (encrypted at rest, never returned): the client secret, or the
 * certificate with its private key (PEM text, or a PKCS#12 file as "pkcs12:" + Base64 + newline + its password).
 *
 * @param tenantId   directory (tenant) id or primary domain
 * @param clientId   application (client) id
 * @param cloud      "global" (default when null), "us-government" or "china"
 * @param credential how the app signs in
 * @param maxConcurrentRequests Graph requests at once per mailbox (1 to 16), null for the service's default (4:
 *                   Outlook's documented limit; one revision of Microsoft's page scopes it per app instead)
 * @param writePath  how a target is written: IMAP (null means IMAP, the default) or GRAPH where the tenant has IMAP
 *                   switched off (ADR 0010); ignored for a source
 */
public record GraphSettings(String tenantId, String clientId, String cloud, GraphCredential credential,
        Integer maxConcurrentRequests, GraphWritePath writePath) {
    public GraphSettings {
        credential = credential == null ? GraphCredential.CLIENT_SECRET : credential;
    }

    /** Settings written over Exchange Online IMAP (the default write path). */
    public GraphSettings(String tenantId, String clientId, String cloud, GraphCredential credential,
            Integer maxConcurrentRequests) {
        this(tenantId, clientId, cloud, credential, maxConcurrentRequests, null);
    }

    /** True when a target of these settings is written through Graph rather than IMAP. */
    public boolean writesThroughGraph() {
        return writePath == GraphWritePath.GRAPH;
    }

    /** Settings with the default request cap. */
    public GraphSettings(String tenantId, String clientId, String cloud, GraphCredential credential) {
        this(tenantId, clientId, cloud, credential, null);
    }

    /** A global-cloud app signing in with a client secret. */
    public GraphSettings(String tenantId, String clientId) {
        this(tenantId, clientId, null, GraphCredential.CLIENT_SECRET);
    }
}
