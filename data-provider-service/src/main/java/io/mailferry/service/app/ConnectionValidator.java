package io.mailferry.service.app;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a {@link ConnectionRequest} before anything is stored or tried, and says every problem in one plain sentence.
 * Stateless and thread-safe.
 */
final class ConnectionValidator {
    static final int MAX_NAME = 200;
    /** The clouds connector.graph.GraphCloud#named knows; blank means global. */
    static final List<String> GRAPH_CLOUDS = List.of("global", "us-government", "china");
    /** Tenant and client ids go into the sign-in URL's path: a GUID or a domain name, no spaces or slashes. */
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
    private static final String PKCS12_PREFIX = "pkcs12:";

    /**
     * @param creating true for a new connection: a secret is then required where the kind cannot work without one
     * @return the problems, empty when the request is valid
     */
    List<String> problems(ConnectionRequest r, boolean creating) {
        List<String> p = new ArrayList<>();
        if (r == null) {
            return List.of("The request has no body.");
        }
        if (blank(r.name())) {
            p.add("The connection needs a name.");
        } else if (r.name().length() > MAX_NAME) {
            p.add("The connection name is longer than " + MAX_NAME + " characters.");
        } else if (NameRules.hasControl(r.name())) {
            p.add(NameRules.controlProblem("The connection name"));
        }
        if (r.role() == null) {
            p.add("Say whether the connection is a SOURCE or a TARGET.");
        }
        if (r.kind() == null) {
            p.add("Say which kind of server the connection reaches: IMAP, MICROSOFT_365, EXCHANGE or GMAIL.");
            return p;
        }
        String side = r.role() == null ? "The" : r.role() == ConnectionRole.SOURCE ? "The source" : "The target";
        checkOnlyMatchingSettings(r, p);
        boolean secretGiven = r.secret() != null && !r.secret().isBlank();
        switch (r.kind()) {
            case IMAP -> {
                if (r.imap() != null) {
                    imap(r.imap(), side, p);
                    if (creating && r.imap().authMode() == ImapAuthMode.MASTER_USER && !secretGiven) {
                        p.add(side + " IMAP master user needs a password.");
                    }
                }
            }
            case MICROSOFT_365 -> {
                if (r.graph() != null) {
                    graph(r.graph(), side, p);
                    if (r.graph().writesThroughGraph() && r.role() == ConnectionRole.SOURCE) {
                        p.add(side + " Microsoft 365 connection is read, never written: the write path applies to "
                                + "targets only.");
                    }
                    boolean certificate = r.graph().credential() == GraphCredential.CERTIFICATE;
                    if (creating && !secretGiven) {
                        p.add(side + " Microsoft 365 connection needs the application's " + (certificate
                                ? "certificate with its private key." : "client secret."));
                    } else if (secretGiven && certificate) {
                        certificateCredential(r.secret().value(), side, p);
                    }
                }
            }
            case EXCHANGE -> {
                if (r.ews() != null) {
                    ews(r.ews(), side, p);
                    if (creating && !secretGiven) {
                        p.add(side + " Exchange connection needs the service account's password.");
                    }
                }
            }
            case GMAIL -> {
                if (r.gmail() != null) {
                    gmail(r, side, creating, secretGiven, p);
                }
            }
        }
        return p;
    }

    private static void checkOnlyMatchingSettings(ConnectionRequest r, List<String> p) {
        String expected = switch (r.kind()) {
            case IMAP -> "imap";
            case MICROSOFT_365 -> "graph";
            case EXCHANGE -> "ews";
            case GMAIL -> "gmail";
        };
        boolean hasExpected = switch (r.kind()) {
            case IMAP -> r.imap() != null;
            case MICROSOFT_365 -> r.graph() != null;
            case EXCHANGE -> r.ews() != null;
            case GMAIL -> r.gmail() != null;
        };
        if (!hasExpected) {
            p.add(article(r.kind()) + " connection needs its '" + expected + "' settings.");
        }
        if ((r.kind() != ConnectionKind.IMAP && r.kind() != ConnectionKind.GMAIL && r.imap() != null)
                || (r.kind() != ConnectionKind.GMAIL && r.gmail() != null)
                || (r.kind() != ConnectionKind.MICROSOFT_365 && r.graph() != null)
                || (r.kind() != ConnectionKind.EXCHANGE && r.ews() != null)) {
            p.add(article(r.kind()) + " connection must carry only its '" + expected + "' settings.");
        }
    }

    private static void imap(ImapSettings s, String side, List<String> p) {
        if (blank(s.host())) {
            p.add(side + " IMAP server needs a host name.");
        } else if (s.host().chars().anyMatch(Character::isWhitespace) || s.host().contains("/")
                || NameRules.hasControl(s.host())) {
            p.add(side + " IMAP host '" + s.host().replaceAll("\\p{Cntrl}", "?") + "' is not a host name or address.");
        } else if (s.host().strip().length() > 253 || java.util.Arrays.stream(s.host().strip().split("\\."))
                .anyMatch(label -> label.length() > 63)) {
            p.add(side + " IMAP host name is too long: at most 253 characters, and at most 63 between two dots.");
        }
        if (s.port() < 1 || s.port() > 65535) {
            p.add(side + " IMAP port must be between 1 and 65535, not " + s.port() + ".");
        }
        if (s.authMode() == ImapAuthMode.MASTER_USER && blank(s.user())) {
            p.add(side + " IMAP master user login is missing.");
        }
        if (s.authMode() == ImapAuthMode.MASTER_USER && s.masterSeparator().chars().anyMatch(Character::isWhitespace)) {
            p.add(side + " IMAP master separator must not contain spaces.");
        }
        PemCertificates.check(s.trustedCertificatePem(), side + " IMAP", p);
    }

    /** Gmail: a source only; where (IMAP settings, imap.gmail.com:993 when absent) and how to sign in. */
    private static void gmail(ConnectionRequest r, String side, boolean creating, boolean secretGiven,
            List<String> p) {
        GmailSettings g = r.gmail();
        if (r.role() == ConnectionRole.TARGET) {
            p.add("Gmail can be a source only: Mailferry reads Gmail mailboxes and writes to IMAP, Microsoft 365 or"
                    + " Exchange.");
        }
        if (r.imap() != null) {
            imap(r.imap(), side, p);
        }
        boolean serviceAccount = g.authMode() == GmailAuthMode.SERVICE_ACCOUNT;
        if (blank(g.user()) || !g.user().contains("@")) {
            p.add(side + " Gmail connection needs " + (serviceAccount
                    ? "the address of one user of the domain, whose mailbox \"Test connection\" opens."
                    : "the account's Gmail address."));
        }
        if (g.maxConnections() > GmailSettings.MAX_CONNECTIONS) {
            p.add(side + " Gmail connections per mailbox must be between 1 and " + GmailSettings.MAX_CONNECTIONS
                    + " (Google allows about 15 per account, shared with the user's own devices).");
        }
        if (creating && !secretGiven) {
            p.add(side + " Gmail connection needs " + switch (g.authMode()) {
                case SERVICE_ACCOUNT -> "the service account's JSON key (from Google Cloud console > IAM > Service "
                        + "accounts > Keys).";
                case APP_PASSWORD -> "the account's app password.";
                case OAUTH_CONSENT -> "the account's consent: sign in with Google in the connection wizard.";
            });
        } else if (secretGiven && g.authMode() == GmailAuthMode.OAUTH_CONSENT) {
            String consent = r.secret().value();
            if (!consent.contains("\"refresh_token\"") || !consent.contains("\"client_id\"")
                    || !consent.contains("\"client_secret\"")) {
                p.add(side + " Gmail sign-in is not the account's consent: it needs the OAuth client's \"client_id\""
                        + " and \"client_secret\" and the account's \"refresh_token\".");
            }
        } else if (secretGiven && serviceAccount) {
            String key = r.secret().value();
            if (!key.contains("\"private_key\"") || !key.contains("\"client_email\"")) {
                p.add(side + " Gmail service account key is not a service account's JSON key file: it needs its"
                        + " \"client_email\" and \"private_key\".");
            }
        }
    }

    private static void graph(GraphSettings s, String side, List<String> p) {
        if (blank(s.tenantId())) {
            p.add(side + " Microsoft 365 connection needs the tenant id or primary domain.");
        } else if (!URL_SAFE.matcher(s.tenantId().trim()).matches()) {
            p.add(side + " Microsoft 365 tenant '" + s.tenantId() + "' is not a tenant id or domain name.");
        }
        if (blank(s.clientId())) {
            p.add(side + " Microsoft 365 connection needs the application (client) id.");
        } else if (!URL_SAFE.matcher(s.clientId().trim()).matches()) {
            p.add(side + " Microsoft 365 application (client) id '" + s.clientId() + "' is not an id such as "
                    + "535fb089-9ff3-47b6-9bfb-4f1264799865.");
        }
        if (!blank(s.cloud()) && !GRAPH_CLOUDS.contains(s.cloud().trim().toLowerCase(Locale.ROOT))) {
            p.add(side + " Microsoft 365 cloud '" + s.cloud() + "' is unknown; use " + String.join(", ", GRAPH_CLOUDS)
                    + ".");
        }
        if (s.maxConcurrentRequests() != null && (s.maxConcurrentRequests() < 1 || s.maxConcurrentRequests() > 16)) {
            p.add(side + " Microsoft 365 requests per mailbox must be between 1 and 16 (Microsoft allows 4 at once).");
        }
    }

    /**
     * The certificate credential as GraphSettings describes it: PEM text with the certificate and its private key, or
     * "pkcs12:" + Base64 of a PKCS#12 file + newline + its password. Only the shape: the sign-in reads it.
     */
    private static void certificateCredential(String secret, String side, List<String> p) {
        if (secret.startsWith(PKCS12_PREFIX)) {
            int eol = secret.indexOf('\n');
            String base64 = (eol < 0 ? secret.substring(PKCS12_PREFIX.length())
                    : secret.substring(PKCS12_PREFIX.length(), eol)).trim();
            try {
                if (base64.isEmpty() || Base64.getDecoder().decode(base64.replaceAll("\\s", "")).length == 0) {
                    p.add(side + " Microsoft 365 certificate file (PKCS#12) is empty.");
                }
            } catch (IllegalArgumentException e) {
                p.add(side + " Microsoft 365 certificate (PKCS#12) is not stored as Base64.");
            }
        } else if (!secret.contains("-----BEGIN CERTIFICATE-----")) {
            p.add(side + " Microsoft 365 certificate must be PEM text (certificate and private key) or a PKCS#12"
                    + " (.pfx) file.");
        } else if (!secret.contains("PRIVATE KEY-----")) {
            p.add(side + " Microsoft 365 certificate comes without its private key.");
        }
    }

    private static void ews(EwsSettings s, String side, List<String> p) {
        if (blank(s.url()) && blank(s.autodiscoverAddress())) {
            p.add(side + " Exchange connection needs the EWS URL, or an e-mail address to find it by Autodiscover.");
        } else if (!blank(s.url())) {
            try {
                URI uri = new URI(s.url().strip());
                if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    p.add(side + " Exchange URL must be an http(s) address such as "
                            + "https://mail.example.com/EWS/Exchange.asmx.");
                } else if ("http".equals(uri.getScheme()) && !loopback(uri.getHost())) {
                    p.add(side + " Exchange URL must start with https://: over http the service account's password"
                            + " would cross the network unencrypted.");
                } else if (uri.getHost().toLowerCase(java.util.Locale.ROOT).endsWith("outlook.office365.com")
                        || uri.getHost().toLowerCase(java.util.Locale.ROOT).endsWith("outlook.office.com")) {
                    p.add(side + " Exchange URL points at Exchange Online: reach Microsoft 365 through a Microsoft 365"
                            + " connection; EWS in Exchange Online is blocked since October 2026.");
                }
            } catch (URISyntaxException e) {
                p.add(side + " Exchange URL is not a valid address.");
            }
        } else if (!s.autodiscoverAddress().strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            p.add(side + " Exchange Autodiscover address must be an e-mail address such as anna@example.com.");
        }
        if (blank(s.user())) {
            p.add(side + " Exchange connection needs the service account's user name.");
        }
        if (s.maxConcurrentRequests() != null && (s.maxConcurrentRequests() < 1
                || s.maxConcurrentRequests() > EwsSettings.MAX_CONCURRENT_REQUESTS)) {
            p.add(side + " Exchange requests per mailbox must be between 1 and " + EwsSettings.MAX_CONCURRENT_REQUESTS
                    + ".");
        }
        PemCertificates.check(s.trustedCertificatePem(), side + " Exchange", p);
    }

    /** This machine itself: plain http to it crosses no network. */
    private static boolean loopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("[::1]") || h.equals("::1");
    }

    private static String article(ConnectionKind kind) {
        return switch (kind) {
            case IMAP -> "An IMAP";
            case MICROSOFT_365 -> "A Microsoft 365";
            case EXCHANGE -> "An Exchange";
            case GMAIL -> "A Gmail";
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
