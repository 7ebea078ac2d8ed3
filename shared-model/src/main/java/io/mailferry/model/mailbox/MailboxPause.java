package io.mailferry.model.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A mailbox a server's long-lasting limit paused (Google's daily IMAP download limit): it stays STOPPED until
 * {@code resumeAt}, when the service starts it again by itself; the rest of its job goes on meanwhile.
 *
 * @param resumeAt when the service resumes it
 * @param by       what paused it, in words that follow "Paused by": "Google's daily limit"
 */
public record MailboxPause(Instant resumeAt, String by) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    @JsonCreator
    public MailboxPause {
    }

    /**
     * The state in words, read in {@code zone}: "Paused by Google's daily limit — resumes at 14:05" (today), "…
     * resumes tomorrow at 14:05", "… resumes Sat 5 Dec at 14:05"; "… resumes now" once the time has come.
     */
    public String words(ZoneId zone, Instant now) {
        return "Paused by " + by + " — resumes " + when(zone, now);
    }

    /** When it resumes, read in {@code zone}: "at 14:05", "tomorrow at 14:05", "Sat 5 Dec at 14:05", "now". */
    public String when(ZoneId zone, Instant now) {
        if (!resumeAt.isAfter(now)) {
            return "now";
        }
        ZonedDateTime at = resumeAt.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        String time = "at " + TIME.format(at);
        if (at.toLocalDate().equals(today)) {
            return time;
        }
        return (at.toLocalDate().equals(today.plusDays(1)) ? "tomorrow" : DAY.format(at)) + " " + time;
    }

    /** True while the pause lasts. */
    public boolean lasts(Instant now) {
        return resumeAt.isAfter(now);
    }
}
