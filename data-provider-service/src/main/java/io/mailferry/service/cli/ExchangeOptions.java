package io.mailferry.service.cli;

import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The options of an on-premises Exchange connection ({@code --kind exchange}); the service account's name comes with
 * {@code --user}, its password through the password options and a certificate to trust with {@code --trust-cert}, as
 * for IMAP. Exchange Online is reached through a Microsoft 365 connection, never through EWS.
 */
final class ExchangeOptions {
    @Option(names = "--ews-url", paramLabel = "URL",
            description = "Exchange: the EWS URL, e.g. https://mail.example.com/EWS/Exchange.asmx.")
    String url;

    @Option(names = "--autodiscover", paramLabel = "ADDRESS",
            description = "Exchange: find the EWS URL by Autodiscover from this e-mail address instead (it is also the "
                    + "mailbox \"connections test\" opens).")
    String autodiscover;

    @Option(names = "--ews-auth", paramLabel = "basic|ntlm", converter = AuthConverter.class,
            description = "Exchange: how the service account signs in (default basic; ntlm takes --user DOMAIN\\user).")
    EwsAuthMode auth;

    @Option(names = "--delegation",
            description = "Exchange: open mailboxes by Full Access delegation instead of impersonation "
                    + "(ApplicationImpersonation, the default).")
    Boolean delegation;

    @Option(names = "--ews-max-requests", paramLabel = "N",
            description = "Exchange: EWS requests at once per mailbox, 1 to 10 (default 2).")
    Integer maxRequests;

    boolean any() {
        return url != null || autodiscover != null || auth != null || delegation != null || maxRequests != null;
    }

    /** The settings these options give over {@code old} (null for a new connection). */
    EwsSettings settings(EwsSettings old, String user, String certificatePem) {
        EwsSettings base = old != null ? old : new EwsSettings(null, null, true, null, null, null, null);
        return new EwsSettings(url != null ? url : base.url(), user != null ? user : base.user(),
                delegation != null ? !delegation : base.impersonation(),
                certificatePem != null ? certificatePem : base.trustedCertificatePem(),
                autodiscover != null ? autodiscover : base.autodiscoverAddress(), auth != null ? auth : base.auth(),
                maxRequests != null ? maxRequests : base.maxConcurrentRequests());
    }

    static String describe(EwsSettings s) {
        return (s.autodiscover() ? "Autodiscover from " + s.autodiscoverAddress() : s.url()) + ", "
                + s.authMode().name().toLowerCase(Locale.ROOT) + " as " + s.user() + ", "
                + (s.impersonation() ? "impersonation" : "delegation") + ", " + s.concurrency()
                + " requests per mailbox";
    }

    static final class AuthConverter implements ITypeConverter<EwsAuthMode> {
        @Override
        public EwsAuthMode convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "basic" -> EwsAuthMode.BASIC;
                case "ntlm" -> EwsAuthMode.NTLM;
                default -> throw Choices.refused(value, "Exchange sign-in", "basic", "ntlm");
            };
        }
    }
}
