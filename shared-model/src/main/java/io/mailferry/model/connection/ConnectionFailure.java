package io.mailferry.model.connection;

/** Why a connection to a mail server failed, in the categories an admin acts on. */
public enum ConnectionFailure {
    /** The host name does not resolve. */
    DNS,
    /** Nothing listens on that port (connection refused) or the network is unreachable. */
    REFUSED,
    /** No answer in time. */
    TIMEOUT,
    /** The server's TLS certificate is not trusted, expired, or for another name. */
    TLS_CERTIFICATE,
    /** TLS could not be negotiated (protocol mismatch, STARTTLS not offered, plain server on a TLS port). */
    TLS_HANDSHAKE,
    /** The server rejected the user name or password. */
    AUTHENTICATION,
    /** The server answered something that is not the expected protocol. */
    PROTOCOL,
    /** Settings incomplete or invalid before any connection was tried. */
    CONFIGURATION,
    /** Anything else; the message carries the server's words. */
    OTHER
}
