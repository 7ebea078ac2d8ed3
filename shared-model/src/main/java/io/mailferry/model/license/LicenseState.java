package io.mailferry.model.license;

import java.time.Instant;

/**
 * The license as the service sees it.
 *
 * @param trial          true without a key: 30 days, at most 10 items per folder
 * @param licensee       who the key was issued to; null in trial
 * @param seatsTotal     mailboxes the key allows (0 in trial = unlimited mailboxes, capped items)
 * @param seatsUsed      source mailboxes that have started migrating (each consumes one seat once)
 * @param expiresAt      key expiry, or trial end
 * @param message        one sentence for the dashboard, e.g. "Trial: 23 days left, 10 items per folder."
 */
public record LicenseState(
        boolean trial,
        String licensee,
        int seatsTotal,
        int seatsUsed,
        Instant expiresAt,
        boolean valid,
        String message) {
}
