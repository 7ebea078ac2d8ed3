package io.mailferry.service.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exchange Online's default mail folders as its IMAP server lists them, for {@link DovecotServer#startWithOAuth(String,
 * Map)} (test code only): name → the RFC 6154 special-use attribute its LIST answer carries. Exchange creates these
 * folders with every mailbox and names them in the mailbox's language (Set-MailboxRegionalConfiguration
 * -LocalizeDefaultFolderName: learn.microsoft.com/en-us/powershell/module/exchange/set-mailboxregionalconfiguration);
 * Graph knows them by language-independent well-known names (sentitems, deleteditems, junkemail, drafts, archive:
 * learn.microsoft.com/en-us/graph/api/resources/mailfolder), IMAP only by these attributes. The INBOX is INBOX in every
 * language over IMAP (RFC 3501).
 */
public final class ExchangeFolderNames {
    /** An English mailbox. */
    public static final Map<String, String> ENGLISH = of("Sent Items", "Deleted Items", "Junk Email", "Drafts",
            "Archive");
    /** A mailbox localized in German (names with non-ASCII letters travel as modified UTF-7). */
    public static final Map<String, String> GERMAN = of("Gesendete Elemente", "Gelöschte Elemente", "Junk-E-Mail",
            "Entwürfe", "Archiv");

    private ExchangeFolderNames() {
    }

    private static Map<String, String> of(String sent, String deleted, String junk, String drafts, String archive) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(sent, "\\Sent");
        m.put(deleted, "\\Trash");
        m.put(junk, "\\Junk");
        m.put(drafts, "\\Drafts");
        m.put(archive, "\\Archive");
        return java.util.Collections.unmodifiableMap(m);
    }
}
