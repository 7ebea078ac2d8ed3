package io.mailferry.service.connector.graph;

import io.mailferry.service.engine.port.MailboxException;

/**
 * App-only access tokens for one Microsoft 365 tenant and application. Implementations cache each token and renew it
 * before it expires (also in the middle of a long pass), so callers ask for a token before every request. Thread-safe.
 */
public interface TokenSource {
    /**
     * An access token for {@code scope} (e.g. {@code https://graph.microsoft.com/.default}). Fails FATAL with a sentence
     * an admin can act on (unknown tenant, wrong client id, bad secret or certificate, consent missing).
     *
     * @param forceRefresh skip the cache (the service answered 401 to the cached token)
     */
    String token(String scope, boolean forceRefresh) throws MailboxException;
}
