package io.mailferry.model.connection;

/** How a Microsoft 365 app registration signs in. */
public enum GraphCredential {
    /** A client secret. */
    CLIENT_SECRET,
    /** A certificate and its private key (preferred by Microsoft). */
    CERTIFICATE
}
