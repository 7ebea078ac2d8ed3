package io.mailferry.model.connection;

/**
 * Where a Gmail message lands on the target, given its labels. Whatever the strategy, each message (one
 * {@code X-GM-MSGID}) is read from the source once per place it lands, never once per label folder it shows in.
 */
public enum GmailLabelStrategy {
    /**
     * One folder per label: a message with the labels Work and Clients lands in both folders (a copy each), as Gmail
     * users expect on an IMAP target. Messages with no label but All Mail (archived) land in the Archive folder.
     */
    FOLDER_PER_LABEL,
    /**
     * One folder per message: Inbox, Sent or Drafts when it has that label, else Archive; every user label becomes a
     * category (Microsoft 365, Exchange) or keyword (IMAP). A label added later only adds a category: the message never
     * moves and is never copied again.
     */
    ONE_FOLDER_WITH_CATEGORIES
}
