package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.service.engine.port.ItemState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;

/**
 * Where a Gmail message lands, from its labels ({@code X-GM-LABELS} as read in All Mail), under a
 * {@link GmailLabelStrategy}. Folders are named by the ids of {@link GmailSourceMailbox}: {@link #INBOX}, {@link #SENT},
 * {@link #DRAFTS}, {@link #ALL} (archived: no other place), or a user label's decoded name. Important is never a place
 * and Starred is the flag, never a folder; Spam and Trash hold their own messages (Gmail keeps them out of All Mail).
 * Pure and thread-safe.
 */
final class GmailLabels {
    static final String INBOX = "INBOX";
    static final String SENT = "[Gmail]/\\Sent";
    static final String DRAFTS = "[Gmail]/\\Drafts";
    static final String ALL = "[Gmail]/\\All";
    static final String SPAM = "[Gmail]/\\Junk";
    static final String TRASH = "[Gmail]/\\Trash";

    /** Where one message lands and the state it carries there. */
    record Placement(List<String> folders, ItemState state) {
    }

    private GmailLabels() {
    }

    /**
     * @param rawLabels the labels as the server sent them (modified UTF-7; system labels as {@code \Inbox})
     * @param flags     the message's state from its IMAP flags
     * @param listedIn  the place whose own folder the message was listed from (INBOX, Sent, Drafts or a user label),
     *                  or null: a message in a label's folder has that label, but Gmail leaves the label of the folder
     *                  a session selected out of {@code X-GM-LABELS} (github.com/dlech/gmailbuttons/issues/10,
     *                  github.com/OfflineIMAP/offlineimap/issues/672), so it is added here
     */
    static Placement place(List<String> rawLabels, ItemState flags, GmailLabelStrategy strategy, String listedIn) {
        Set<String> system = new HashSet<>();
        Set<String> user = new LinkedHashSet<>();
        if (INBOX.equals(listedIn)) {
            system.add("inbox");
        } else if (SENT.equals(listedIn)) {
            system.add("sent");
        } else if (DRAFTS.equals(listedIn)) {
            system.add("draft");
        } else if (listedIn != null && !listedIn.startsWith("[Gmail]/\\")) {
            user.add(listedIn); // a user label's place is named by its decoded name
        }
        for (String raw : rawLabels) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            if (raw.startsWith("\\")) {
                system.add(raw.substring(1).toLowerCase(Locale.ROOT));
            } else {
                user.add(BASE64MailboxDecoder.decode(raw));
            }
        }
        // Gmail shows INBOX as a user-looking label in some answers
        if (user.removeIf(l -> l.equalsIgnoreCase("INBOX"))) {
            system.add("inbox");
        }
        List<String> systemFolders = new ArrayList<>();
        if (system.contains("inbox")) {
            systemFolders.add(INBOX);
        }
        if (system.contains("sent")) {
            systemFolders.add(SENT);
        }
        if (system.contains("draft") || system.contains("drafts")) {
            systemFolders.add(DRAFTS);
        }
        boolean flagged = flags.flagged() || system.contains("starred");
        List<String> folders = new ArrayList<>();
        Set<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        keywords.addAll(flags.keywords());
        if (strategy == GmailLabelStrategy.FOLDER_PER_LABEL) {
            folders.addAll(systemFolders);
            folders.addAll(user);
        } else {
            // one place that adding or removing a user label never changes: no copy twice, labels as categories
            folders.add(systemFolders.isEmpty() ? ALL : systemFolders.get(0));
            keywords.addAll(user);
        }
        if (folders.isEmpty()) {
            folders.add(ALL);
        }
        ItemState state = new ItemState(flags.read(), flagged, flags.answered(), flags.forwarded(), flags.draft(),
                flags.deleted(), keywords);
        return new Placement(List.copyOf(folders), state);
    }
}
