package io.mailferry.service.app.license;

import io.mailferry.model.license.LicenseState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The licensing rules, as a pure function of (verified key or none, trial start, seats used, now):
 * <ul>
 *   <li>Without a key: a trial of {@value #TRIAL_DAYS} days from {@code trialStart}, unlimited mailboxes, at most
 *       {@value #TRIAL_ITEMS_PER_FOLDER} items copied per folder. After it: not valid, nothing starts.</li>
 *   <li>With a key: valid until {@code expiresAt} (exclusive), no item cap; each source mailbox consumes one seat the
 *       first time it starts, so a mailbox already counted may always run again (delta passes), and a new one only
 *       while seats are left.</li>
 *   <li>Not valid (trial over, key expired): nothing starts and the item cap is 0.</li>
 * </ul>
 * The caller (the license service) stores the trial start at the first start, counts seats, and verifies the stored
 * key with {@link LicenseVerifier}; this class only decides. Immutable and thread-safe.
 */
public final class LicensePolicy {
    public static final int TRIAL_DAYS = 30;
    public static final int TRIAL_ITEMS_PER_FOLDER = 10;
    /** {@link #maxItemsPerFolder()} when no cap applies. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final LicenseKey key;
    private final int seatsUsed;
    private final LicenseState state;

    private LicensePolicy(LicenseKey key, int seatsUsed, LicenseState state) {
        this.key = key;
        this.seatsUsed = seatsUsed;
        this.state = state;
    }

    /**
     * @param key        a verified key, or null for the trial
     * @param trialStart when the trial began; null = it begins now (nothing has run yet)
     * @param seatsUsed  source mailboxes already counted
     * @param now        the current instant
     */
    public static LicensePolicy evaluate(LicenseKey key, Instant trialStart, int seatsUsed, Instant now) {
        if (key == null) {
            Instant end = (trialStart == null ? now : trialStart).plus(Duration.ofDays(TRIAL_DAYS));
            boolean valid = now.isBefore(end);
            String message = valid
                    ? "Trial: " + daysLeft(now, end) + " left, " + TRIAL_ITEMS_PER_FOLDER + " items per folder."
                    : "The " + TRIAL_DAYS + "-day trial ended on " + DAY.format(end)
                            + "; enter a license key to continue.";
            return new LicensePolicy(null, seatsUsed, new LicenseState(true, null, 0, seatsUsed, end, valid, message));
        }
        boolean valid = now.isBefore(key.expiresAt());
        String message;
        if (!valid) {
            message = "The license for " + key.licensee() + " expired on " + DAY.format(key.expiresAt())
                    + "; enter a new key to continue.";
        } else if (seatsUsed >= key.seats()) {
            message = "Licensed to " + key.licensee() + ": all " + key.seats() + " seats are used; mailboxes already"
                    + " migrated can run again, new ones need more seats.";
        } else {
            message = "Licensed to " + key.licensee() + ": " + seatsUsed + " of " + key.seats()
                    + " seats used, valid until " + DAY.format(key.expiresAt()) + ".";
        }
        return new LicensePolicy(key, seatsUsed,
                new LicenseState(false, key.licensee(), key.seats(), seatsUsed, key.expiresAt(), valid, message));
    }

    /**
     * The policy when a key is installed but can no longer be trusted (its issuer key was taken out of the data
     * directory): not valid, nothing starts, {@code message} says why and what to do.
     */
    public static LicensePolicy untrusted(String message, int seatsUsed) {
        return new LicensePolicy(null, seatsUsed, new LicenseState(false, null, 0, seatsUsed, null, false, message));
    }

    /** The state for the dashboard and {@code GET /api/v1/license}. */
    public LicenseState state() {
        return state;
    }

    /**
     * Whether a source mailbox may start a pass now.
     *
     * @param alreadyCounted true when this source mailbox has already consumed its seat
     */
    public boolean canStart(boolean alreadyCounted) {
        return startRefusal(alreadyCounted).isEmpty();
    }

    /** Why {@link #canStart} says no, as one sentence for the mailbox's error; empty when it may start. */
    public Optional<String> startRefusal(boolean alreadyCounted) {
        if (!state.valid()) {
            return Optional.of(state.message());
        }
        if (key != null && !alreadyCounted && seatsUsed >= key.seats()) {
            return Optional.of("All " + key.seats() + " license seats are used; this mailbox has not migrated before"
                    + " and needs a free seat.");
        }
        return Optional.empty();
    }

    /**
     * Why a pass that would take {@code newSeats} seats (source mailboxes not counted before) may not start, as one
     * sentence; empty when it may. A pass either gets every seat it needs or none.
     */
    public Optional<String> startRefusal(int newSeats) {
        return startRefusal(newSeats, 0);
    }

    /**
     * {@link #startRefusal(int)} while passes admitted earlier hold {@code reserved} seats for mailboxes of theirs that
     * have not begun yet (each takes its seat when it begins, or gives the reservation back).
     */
    public Optional<String> startRefusal(int newSeats, int reserved) {
        if (!state.valid()) {
            return Optional.of(state.message());
        }
        if (key != null && newSeats > 0 && seatsUsed + reserved + newSeats > key.seats()) {
            int left = Math.max(0, key.seats() - seatsUsed - reserved);
            return Optional.of("This pass needs " + seats(newSeats) + " for mailboxes that have not migrated before,"
                    + " but " + (left == 0 ? "all " + key.seats() + " license seats are used"
                            : "only " + seats(left) + " of " + key.seats() + (left == 1 ? " is" : " are") + " left")
                    + (reserved == 0 ? "" : " (" + seats(reserved) + " held for mailboxes of passes that have not"
                            + " reached them yet)")
                    + "; install a key with more seats, or start only mailboxes that migrated before.");
        }
        return Optional.empty();
    }

    /** True when a key is installed and trusted (the item cap is lifted while it is valid). */
    public boolean licensed() {
        return key != null;
    }

    /** Items the job runner may copy per folder in one pass: the trial cap, {@link #UNLIMITED}, or 0 when invalid. */
    public int maxItemsPerFolder() {
        if (!state.valid()) {
            return 0;
        }
        return key == null ? TRIAL_ITEMS_PER_FOLDER : UNLIMITED;
    }

    private static String seats(int n) {
        return n == 1 ? "1 seat" : n + " seats";
    }

    private static String daysLeft(Instant now, Instant end) {
        long days = Math.max(1, (Duration.between(now, end).toHours() + 23) / 24);
        return days == 1 ? "1 day" : days + " days";
    }
}
