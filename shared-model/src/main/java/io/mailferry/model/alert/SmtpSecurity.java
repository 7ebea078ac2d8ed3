package io.mailferry.model.alert;

/** How the connection to the SMTP server is protected. The server's certificate is always verified. */
public enum SmtpSecurity {
    /** Plain connect, then STARTTLS, required (never falls back to plain text); port 587 by default. */
    STARTTLS,
    /** TLS from the first byte (implicit TLS, "SMTPS"); port 465 by default. */
    TLS,
    /** No encryption; for a relay on the same host or network only. Port 25 by default. */
    NONE;

    /** The usual port of this mode. */
    public int defaultPort() {
        return switch (this) {
            case STARTTLS -> 587;
            case TLS -> 465;
            case NONE -> 25;
        };
    }
}
