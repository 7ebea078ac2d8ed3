package io.mailferry.model.connection;

/**
 * On-premises Exchange reached through EWS (Exchange Server 2013 to Subscription Edition). Exchange Online is reached
 * through the Microsoft 365 connection, never through EWS.
 *
 * @param url                   EWS endpoint, e.g. {@code https://mail.example.com/EWS/Exchange.asmx}; null or blank
 *                              when Autodiscover finds it from {@code autodiscoverAddress}
 * @param user                  service account (with the ApplicationImpersonation role)
 * @param impersonation         whether to impersonate each mailbox owner (otherwise full-access delegation)
 * @param trustedCertificatePem optional PEM certificate the admin explicitly trusts
 * @param autodiscoverAddress   an e-mail address of the organisation from which Autodiscover finds the EWS URL when
 *                              {@code url} is blank; null otherwise
 * @param auth                  Basic or NTLM; null means Basic
 * @param maxConcurrentRequests requests in flight per mailbox at once across the service's workers; null for the
 *                              default (2)
 */
public record EwsSettings(String url, String user, boolean impersonation, String trustedCertificatePem,
        String autodiscoverAddress, EwsAuthMode auth, Integer maxConcurrentRequests) {
    /** Requests per mailbox at once unless the connection says otherwise (Exchange's default EWSMaxConcurrency is 10 per account). */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 2;
    /** The most a connection may ask for. */
    public static final int MAX_CONCURRENT_REQUESTS = 10;

    /** Settings with a fixed EWS URL, Basic sign-in and the default concurrency. */
    public EwsSettings(String url, String user, boolean impersonation, String trustedCertificatePem) {
        this(url, user, impersonation, trustedCertificatePem, null, EwsAuthMode.BASIC, null);
    }

    /** The sign-in mode, Basic when unset. */
    public EwsAuthMode authMode() {
        return auth == null ? EwsAuthMode.BASIC : auth;
    }

    /** Requests per mailbox at once. */
    public int concurrency() {
        return maxConcurrentRequests == null || maxConcurrentRequests < 1 ? DEFAULT_MAX_CONCURRENT_REQUESTS
                : maxConcurrentRequests;
    }

    /** True when the EWS URL is to be found by Autodiscover. */
    public boolean autodiscover() {
        return url == null || url.isBlank();
    }
}
