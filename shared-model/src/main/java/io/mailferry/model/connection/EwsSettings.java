package io.mailferry.model.connection;

/**
 * On-premises Exchange reached through EWS.
 *
 * @param url           EWS endpoint, e.g. {@code https://mail.example.com/EWS/Exchange.asmx}
 * @param user          service account (with ApplicationImpersonation)
 * @param impersonation whether to impersonate each mailbox owner (otherwise full-access delegation)
 * @param trustedCertificatePem optional PEM certificate the admin explicitly trusts
 */
public record EwsSettings(String url, String user, boolean impersonation, String trustedCertificatePem) {
}
