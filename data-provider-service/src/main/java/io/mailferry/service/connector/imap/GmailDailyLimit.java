package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.MailboxException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Gmail's answer once an account passed its IMAP bandwidth limit, "[ALERT] Account exceeded command or bandwidth
 * limits" (about 2,500 MB of download a day per account: "Gmail bandwidth limits", support.google.com/a/answer/1071518).
 * Google does not say when the limit lifts, only that it is per day: the mailbox is paused for {@link #PAUSE}, the
 * time after which a day's downloads no longer count, and the rest of the job goes on.
 */
final class GmailDailyLimit {
    /** How long after the refusal the mailbox resumes. */
    static final Duration PAUSE = Duration.ofHours(24);
    /** What paused it, after "Paused by". */
    static final String BY = "Google's daily limit";
    private static final Pattern WORDS = Pattern.compile("exceeded command or bandwidth limits|bandwidth limit "
            + "exceeded", Pattern.CASE_INSENSITIVE);

    private GmailDailyLimit() {
    }

    /** True when {@code serverWords} are Gmail's limit answer. */
    static boolean reached(String serverWords) {
        return serverWords != null && WORDS.matcher(serverWords).find();
    }

    /** The failure that pauses the mailbox; {@code side} starts the sentence. */
    static MailboxException failure(String side, String action, Exception cause) {
        return MailboxException.limitReached(side, side + " refused " + action + " because the account reached "
                + "Google's daily IMAP download limit (about 2,500 MB a day); the mailbox pauses and resumes by "
                + "itself when the limit allows, nothing was lost.", cause, new MailboxException.Pause(BY, PAUSE));
    }
}
