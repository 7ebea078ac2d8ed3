package io.mailferry.model.connection;

/** Transport security of an IMAP connection. */
public enum ImapSecurity {
    /** Plain text: loopback or trusted networks only. */
    NONE,
    /** Plain connect, then STARTTLS before login; refuses to log in if the server does not offer it. */
    STARTTLS,
    /** Implicit TLS from the first byte (usually port 993). */
    TLS;

    public int defaultPort() {
        return this == TLS ? 993 : 143;
    }
}
