package io.mailferry.model.api;

import java.time.Instant;

/**
 * Time lost to throttling across the service, for the dashboard: how long passes waited because a server asked them
 * to slow down, and how many mailboxes that concerned. "Running" counts the passes running now (live); "today" counts
 * them too, plus the last pass of each mailbox that ended since {@code since}.
 *
 * @param runningMillis    summed throttled time of the passes running now
 * @param runningMailboxes running passes that were throttled at all
 * @param todayMillis      summed throttled time of today's passes (running ones included)
 * @param todayMailboxes   mailboxes among them that were throttled at all
 * @param since            the start of today in the service's time zone
 */
public record ThrottlingSummary(long runningMillis, int runningMailboxes, long todayMillis, int todayMailboxes,
        Instant since) {
}
