package io.mailferry.service.connector.smtp;

import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.SmtpSecurity;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.tls.TrustedCertificates;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one plain-text UTF-8 mail per call through an SMTP server (Angus Mail): a fresh connection each time (alert
 * mails are rare), STARTTLS required when chosen (never a fall-back to plain text), server identity checked. Failures
 * come back as one sentence naming the cause an admin acts on; the password never appears in them or in the log.
 * Thread-safe, never throws.
 */
public final class SmtpMailer {
    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);
    static final int TIMEOUT_MILLIS = 20_000;

    private final int timeoutMillis;

    public SmtpMailer() {
        this(TIMEOUT_MILLIS);
    }

    /** @param timeoutMillis connect, read and write timeout (tests shorten it) */
    SmtpMailer(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends {@code subject} and {@code body} from {@code settings.from()} to every recipient. */
    public ConnectionTestResult send(AlertSettings settings, Secret password, String subject, String body) {
        Instant start = Instant.now();
        String server = "The SMTP server " + settings.host() + ":" + settings.port();
        String secret = password == null ? null : password.value();
        String protocol = settings.security() == SmtpSecurity.TLS ? "smtps" : "smtp";
        Properties properties;
        try {
            properties = properties(settings, protocol);
        } catch (IllegalArgumentException e) {
            // an invalid trusted certificate: the admin's settings, not the server
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION,
                    "The alert mail settings are invalid: " + e.getMessage(), start, millis(start));
        }
        try {
            Session session = Session.getInstance(properties);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(settings.from(), true));
            for (String to : settings.recipients()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(body, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date(start.toEpochMilli()));
            boolean login = settings.user() != null && !settings.user().isBlank();
            try (Transport transport = session.getTransport(protocol)) {
                transport.connect(settings.host(), settings.port(), login ? settings.user() : null,
                        login ? secret : null);
                transport.sendMessage(message, message.getAllRecipients());
            }
            return ConnectionTestResult.success(server + " accepted the mail for " + String.join(", ",
                    settings.recipients()) + ".", "", start, millis(start));
        } catch (MessagingException | RuntimeException e) {
            ConnectionFailure failure = classify(e);
            String sentence = scrub(sentence(server, settings, failure, e), secret);
            // the library's and the server's own words stay here, for whoever reads the debug log
            log.debug("Sending mail through {}:{} failed ({}): {}", settings.host(), settings.port(), failure,
                    scrub(words(e), secret), e);
            return ConnectionTestResult.failed(failure, sentence, start, millis(start));
        }
    }

    private Properties properties(AlertSettings s, String protocol) {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "host", s.host());
        props.put(p + "port", String.valueOf(s.port()));
        props.put(p + "connectiontimeout", String.valueOf(timeoutMillis));
        props.put(p + "timeout", String.valueOf(timeoutMillis));
        props.put(p + "writetimeout", String.valueOf(timeoutMillis));
        props.put(p + "auth", String.valueOf(s.user() != null && !s.user().isBlank()));
        if (s.security() != SmtpSecurity.NONE) {
            props.put(p + "ssl.socketFactory", TrustedCertificates.socketFactory(s.trustedCertificatePem()));
            props.put(p + "ssl.checkserveridentity", "true");
        }
        if (s.security() == SmtpSecurity.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        return props;
    }

    static ConnectionFailure classify(Throwable e) {
        ConnectionFailure found = null;
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            String words = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            ConnectionFailure f;
            if (t instanceof AuthenticationFailedException) {
                f = ConnectionFailure.AUTHENTICATION;
            } else if (t instanceof UnknownHostException) {
                f = ConnectionFailure.DNS;
            } else if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                f = ConnectionFailure.REFUSED;
            } else if (t instanceof SocketTimeoutException) {
                f = ConnectionFailure.TIMEOUT;
            } else if (t instanceof CertPathValidatorException || t instanceof CertificateException
                    || words.contains("pkix path") || words.contains("no subject alternative")
                    || words.contains("can't verify identity")) {
                return ConnectionFailure.TLS_CERTIFICATE;
            } else if (t instanceof SSLException || words.contains("starttls")) {
                f = ConnectionFailure.TLS_HANDSHAKE;
            } else {
                continue;
            }
            found = found == null || found == ConnectionFailure.TLS_HANDSHAKE ? f : found;
        }
        return found == null ? ConnectionFailure.OTHER : found;
    }

    /** One fixed sentence per cause: never the library's or the server's text, never a class name. */
    private String sentence(String server, AlertSettings s, ConnectionFailure failure, Throwable e) {
        return switch (failure) {
            case AUTHENTICATION -> server + " refused the user name or password of " + s.user()
                    + ": the password is wrong or the account may not send mail.";
            case DNS -> "The SMTP server " + s.host() + " cannot be found: the host name does not resolve.";
            case REFUSED -> server + " cannot be reached: nothing answers on that port or the network is"
                    + " unreachable (check the host, the port and the firewall).";
            case TIMEOUT -> server + " did not answer within " + duration(timeoutMillis) + " (the configured timeout).";
            case TLS_CERTIFICATE -> server + " presented a TLS certificate that is not trusted (self-signed, expired"
                    + " or for another name); trust its certificate in the alert settings or fix the server.";
            case TLS_HANDSHAKE -> words(e).toLowerCase(Locale.ROOT).contains("starttls")
                    ? server + " does not offer STARTTLS; choose implicit TLS (usually port 465) or enable STARTTLS on"
                    + " the server."
                    : server + " refused the TLS handshake: the port may not match the security mode (implicit TLS is"
                    + " usually port 465, STARTTLS port 587), or the server offers no TLS version this service"
                    + " accepts.";
            default -> e instanceof SendFailedException
                    ? server + " refused the mail for the sender " + s.from() + " or a recipient: check the addresses"
                    + " and that the account may send as " + s.from() + "."
                    : server + " did not take the mail; the service's debug log has the server's answer.";
        };
    }

    private static String duration(int millis) {
        if (millis % 1000 != 0) {
            return millis + " ms";
        }
        long seconds = millis / 1000L;
        return seconds + (seconds == 1 ? " second" : " seconds");
    }

    /** The innermost message, the one that names the cause. */
    private static String words(Throwable e) {
        String words = null;
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                words = t.getMessage().strip();
            }
        }
        return words == null ? "" : words.replaceAll("\\s+", " ");
    }

    private static String scrub(String text, String secret) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    private static long millis(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }
}
