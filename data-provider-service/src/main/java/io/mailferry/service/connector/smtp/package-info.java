/**
 * The SMTP connector: sends the admin's alert mails through the SMTP server of their choice with Angus Mail
 * (STARTTLS, implicit TLS or none; the certificate always verified, against the JDK's roots plus one the admin
 * trusts). Imports {@code io.mailferry.model}, {@code io.mailferry.service.tls}, SLF4J, jakarta.mail and Angus Mail
 * only — never the store, api, app or another connector.
 */
package io.mailferry.service.connector.smtp;
