package io.mailferry.model.alert;

import io.mailferry.model.connection.Secret;
import java.util.List;

/**
 * New alert settings ({@code PUT /api/v1/settings/alerts}); fields as in {@link AlertSettings}, 0 or null for the
 * defaults.
 *
 * @param password the SMTP password: null keeps the stored one, blank removes it; stored sealed, never returned
 */
public record AlertSettingsRequest(
        String host,
        int port,
        SmtpSecurity security,
        String user,
        Secret password,
        String trustedCertificatePem,
        String from,
        List<String> recipients,
        int periodMinutes,
        int stalledAfterMinutes,
        long diskFreeMegabytes,
        int licenseDaysBefore) {
}
