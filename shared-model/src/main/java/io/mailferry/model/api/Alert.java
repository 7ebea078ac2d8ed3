package io.mailferry.model.api;

import java.time.Instant;

/**
 * Something the admin should look at now: a stalled mailbox, a connection that stopped working.
 *
 * @param kind    e.g. {@code MAILBOX_STALLED}, {@code CONNECTION_FAILED}, {@code MAILBOX_FAILED}
 * @param subject the job / mailbox / connection id concerned
 */
public record Alert(String kind, String subject, String message, Instant at) {
}
