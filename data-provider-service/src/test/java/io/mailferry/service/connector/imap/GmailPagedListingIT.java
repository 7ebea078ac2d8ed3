package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Gmail source lists a place page by page, each page reading only a window of UIDs of the real folder that holds
 * it, never the whole folder: {@link io.mailferry.service.testing.GmailImapProxy} records every listing command (UID
 * FETCH with Gmail's items, developers.google.com/gmail/imap/imap-extensions) so the test sees the ranges asked for.
 * Each message is listed once, in UID order, whatever the page size.
 */
class GmailPagedListingIT {
    private static final Pattern RANGE = Pattern.compile("(?i)^UID FETCH (\\d+):(\\d+) \\(");
    private static final int MESSAGES = 23;
    private static final int PAGE = 5;

    @Test
    void aPlaceShouldBeListedInPagesThatReadOnlyTheirOwnRangeOfUids() throws Exception {
        GmailFixture gmail = GmailFixture.shared().with(new GmailSettings(GmailAuthMode.APP_PASSWORD, null,
                GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, false, false, 2));
        Login login = gmail.newMailbox();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            // every third one archived: Archive is All Mail less what has another place
            List<String> labels = i % 3 == 0 ? List.of("Later") : List.of("\\Inbox", "Work");
            expected.add(gmail.seed(login, TestMessages.simple("m" + i, "<m" + i + "@gmail.example>"),
                    ItemState.NONE, null, labels));
        }
        try (SourceMailbox source = gmail.openSource(login)) {
            MailFolder inbox = folder(source, "INBOX");
            MailFolder archive = folder(source, "Archive");
            gmail.proxy().clearListings();
            List<String> inInbox = listAll(source, inbox);
            List<String> ranges = gmail.proxy().listings();
            List<String> inArchive = listAll(source, archive);

            List<String> inboxIds = new ArrayList<>();
            List<String> archiveIds = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                (i % 3 == 0 ? archiveIds : inboxIds).add(expected.get(i));
            }
            assertThat(inInbox).as("each once, in order").containsExactlyElementsOf(inboxIds);
            assertThat(inArchive).containsExactlyElementsOf(archiveIds);
            // 15 in INBOX, pages of 5: each page asks only for as many UIDs as it holds, after the last page's
            assertThat(ranges).hasSize(3).allSatisfy(r -> assertThat(r).containsPattern(RANGE));
            long before = 0;
            for (String r : ranges) {
                Matcher m = RANGE.matcher(r);
                assertThat(m.find()).isTrue();
                long from = Long.parseLong(m.group(1));
                long to = Long.parseLong(m.group(2));
                assertThat(from).as("the next page starts after the last one handed over").isGreaterThan(before);
                assertThat(to - from + 1).as("one page's window, never the whole folder").isEqualTo(PAGE);
                before = from + PAGE - 1;
            }
        }
    }

    private static List<String> listAll(SourceMailbox source, MailFolder folder) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Page<ItemRef> page = source.list(folder, cursor, PAGE);
            assertThat(page.items().size()).isLessThanOrEqualTo(PAGE);
            page.items().forEach(i -> ids.add(i.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private static MailFolder folder(SourceMailbox source, String name) throws Exception {
        return source.folders().stream().filter(f -> f.displayPath().equals(name)).findFirst().orElseThrow();
    }
}
