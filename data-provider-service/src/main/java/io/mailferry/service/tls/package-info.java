/**
 * TLS trust shared by the connectors: the JDK's roots plus certificates an admin explicitly trusts, verification
 * always on. Imports the JDK only.
 */
package io.mailferry.service.tls;
