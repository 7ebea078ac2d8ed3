package io.mailferry.model.connection;

/** How the service account of an Exchange connection signs in to EWS. */
public enum EwsAuthMode {
    /** HTTP Basic over TLS: the user name as Exchange takes it (user@domain or DOMAIN\\user). */
    BASIC,
    /** NTLM: the user name as DOMAIN\\user (or user@domain); the domain is sent apart from the user. */
    NTLM
}
