package io.mailferry.model.report;

/**
 * How often one reason made something fail, across all jobs.
 *
 * @param scope  {@code MAILBOX} (the last pass of a mailbox failed with this error) or {@code ITEM} (an item could not
 *               be copied for this reason)
 * @param reason the sentence, as the mailbox's error or the item's reason says it
 */
public record FailureReason(String scope, String reason, long count) {
}
