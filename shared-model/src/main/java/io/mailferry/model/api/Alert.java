package io.mailferry.model.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;

/**
 * Something the admin should look at now: a stalled mailbox, a connection that keeps failing, a target refusing
 * items, the license running out, the data directory's disk nearly full.
 *
 * @param kind      e.g. {@code MAILBOX_STALLED}, {@code CONNECTION_FAILED}, {@code MAILBOX_FAILED},
 *                  {@code CONNECTION_FAILING}, {@code TARGET_REFUSING}, {@code LICENSE_ENDING}, {@code DISK_LOW}
 * @param subject   the job / mailbox / connection id concerned ({@code license}, or the data directory, for the
 *                  service-wide ones)
 * @param at        when it was last seen
 * @param firstSeen when the service's periodic check first found the condition; null for alerts computed when asked
 * @param clearedAt when the condition ended; null while it lasts
 */
public record Alert(String kind, String subject, String message, Instant at, Instant firstSeen, Instant clearedAt) {

    @JsonCreator
    public Alert {
    }

    /** An alert computed when asked (no history). */
    public Alert(String kind, String subject, String message, Instant at) {
        this(kind, subject, message, at, null, null);
    }
}
