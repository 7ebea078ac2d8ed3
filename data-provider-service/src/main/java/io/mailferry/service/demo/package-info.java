/**
 * The embedded default behind {@code mailferry demo}: two in-process IMAP servers (GreenMail) with a realistic sample
 * mailbox set. May import GreenMail, jakarta.mail and the model; nothing else of the service depends on it but the CLI.
 */
package io.mailferry.service.demo;
