package io.mailferry.service.app;

import io.mailferry.model.api.Alert;
import io.mailferry.model.mailbox.MailboxPair;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The {@code MAILBOX_PAUSED} alert of each mailbox a server's limit paused, with the time it resumes: "Mailbox
 * anna@example.com: Paused by Google's daily limit — resumes at 14:05."
 */
public final class PausedAlerts {
    /** Paused mailboxes named one by one; beyond, the job's mailbox list shows them. */
    public static final int MAX = 50;
    public static final String KIND = "MAILBOX_PAUSED";

    private PausedAlerts() {
    }

    /** One alert per pair of {@code paused}, times read in {@code zone}. */
    public static List<Alert> of(List<MailboxPair> paused, ZoneId zone, Instant now) {
        return paused.stream().filter(p -> p.pause() != null).map(p -> new Alert(KIND, p.id(), "Mailbox "
                + p.sourceMailbox() + ": " + p.pause().words(zone, now) + ".", now)).toList();
    }
}
