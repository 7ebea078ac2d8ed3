package io.mailferry.model.connection;

/**
 * Where and how to reach an IMAP server.
 *
 * @param host               DNS name or address
 * @param port               TCP port, 1..65535
 * @param security           transport security
 * @param authMode           per-user password or master user
 * @param user               the login for PASSWORD mode (may be blank when every pair brings its own), or the
 *                           master/admin account for MASTER_USER mode
 * @param masterSeparator    separator between mailbox user and master user (Dovecot: {@code *}); MASTER_USER only
 * @param trustedCertificatePem optional PEM certificate the admin explicitly trusts (self-signed servers); without
 *                           it the JDK's trust store decides
 */
public record ImapSettings(
        String host,
        int port,
        ImapSecurity security,
        ImapAuthMode authMode,
        String user,
        String masterSeparator,
        String trustedCertificatePem) {

    public ImapSettings {
        if (security == null) {
            security = ImapSecurity.TLS;
        }
        if (authMode == null) {
            authMode = ImapAuthMode.PASSWORD;
        }
        if (masterSeparator == null || masterSeparator.isEmpty()) {
            masterSeparator = "*";
        }
    }
}
