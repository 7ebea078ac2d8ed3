/**
 * The IMAP connector: {@link io.mailferry.service.engine.port.SourceMailbox} and
 * {@link io.mailferry.service.engine.port.TargetMailbox} over Angus Mail, with batched fetches and pipelined appends, plus
 * the IMAP "test connection" probe; and Gmail as an IMAP source (labels, Google's sign-in, its Directory API). Imports
 * the engine ports, {@code io.mailferry.model}, SLF4J, jakarta.mail and Angus Mail, and for Gmail Google's auth
 * library, Jackson and the JDK's HTTP client — never the store, api, app or another connector.
 */
package io.mailferry.service.connector.imap;
