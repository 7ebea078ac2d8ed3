package io.mailferry.model.alert;

import java.util.List;

/**
 * Where alert mails go and when the alert rules fire, as the service returns them: the SMTP password is never
 * returned, only whether one is stored.
 *
 * @param host                  SMTP server; blank = no mail (alerts still show on the dashboard and in the API)
 * @param port                  1..65535; 0 = the security mode's usual port
 * @param security              STARTTLS (default), TLS (implicit) or NONE
 * @param user                  SMTP login; blank = no authentication
 * @param hasPassword           true when a password is stored (sealed) for {@code user}
 * @param trustedCertificatePem optional PEM certificate the admin explicitly trusts (self-signed server)
 * @param from                  the sender address
 * @param recipients            the admins' addresses
 * @param periodMinutes         at most one mail per alert in this period (default 60)
 * @param stalledAfterMinutes   a running mailbox without progress for this long is stalled (default 30)
 * @param diskFreeMegabytes     the data directory's disk is nearly full below this much free space (default 1024)
 * @param licenseDaysBefore     warn this many days before the license runs out (default 7)
 */
public record AlertSettings(
        String host,
        int port,
        SmtpSecurity security,
        String user,
        boolean hasPassword,
        String trustedCertificatePem,
        String from,
        List<String> recipients,
        int periodMinutes,
        int stalledAfterMinutes,
        long diskFreeMegabytes,
        int licenseDaysBefore) {

    public static final int DEFAULT_PERIOD_MINUTES = 60;
    public static final int DEFAULT_STALLED_AFTER_MINUTES = 30;
    public static final long DEFAULT_DISK_FREE_MEGABYTES = 1024;
    public static final int DEFAULT_LICENSE_DAYS_BEFORE = 7;

    public AlertSettings {
        security = security == null ? SmtpSecurity.STARTTLS : security;
        port = port == 0 ? security.defaultPort() : port;
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        periodMinutes = periodMinutes == 0 ? DEFAULT_PERIOD_MINUTES : periodMinutes;
        stalledAfterMinutes = stalledAfterMinutes == 0 ? DEFAULT_STALLED_AFTER_MINUTES : stalledAfterMinutes;
        diskFreeMegabytes = diskFreeMegabytes == 0 ? DEFAULT_DISK_FREE_MEGABYTES : diskFreeMegabytes;
        licenseDaysBefore = licenseDaysBefore == 0 ? DEFAULT_LICENSE_DAYS_BEFORE : licenseDaysBefore;
    }

    /** No mail, default thresholds. */
    public static AlertSettings defaults() {
        return new AlertSettings(null, 0, null, null, false, null, null, List.of(), 0, 0, 0, 0);
    }

    /** True when mails can be sent: a server, a sender and at least one recipient. */
    public boolean mailConfigured() {
        return host != null && !host.isBlank() && from != null && !from.isBlank() && !recipients.isEmpty();
    }
}
