/**
 * TLS trust shared by the connectors: the JDK's roots plus certificates an admin explicitly trusts, verification
 * always on; and the sockets under TLS and plain-text IMAP, read through a buffer. Imports the JDK only.
 */
package io.mailferry.service.tls;
