package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.service.engine.port.ItemState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Placement of Gmail messages by their X-GM-LABELS (labels as developers.google.com/gmail/imap/imap-extensions shows
 * them: system labels with a backslash, user labels in modified UTF-7).
 */
class GmailLabelsTest {
    private static final ItemState READ = new ItemState(true, false, false, false, false, false, Set.of("$Junk"));

    @Test
    void folderPerLabelShouldPlaceAMessageInEachLabelButNeverImportantOrStarred() {
        GmailLabels.Placement p = GmailLabels.place(List.of("\\Inbox", "\\Important", "\\Starred", "Work",
                "Projects/&ANw-berblick"), READ, GmailLabelStrategy.FOLDER_PER_LABEL, null);
        assertThat(p.folders()).containsExactly(GmailLabels.INBOX, "Work", "Projects/Überblick");
        assertThat(p.state().flagged()).as("Starred is the flag").isTrue();
        assertThat(p.state().keywords()).containsExactly("$Junk");
    }

    @Test
    void aMessageWithoutPlaceShouldLandInArchiveOnce() {
        assertThat(GmailLabels.place(List.of("\\Important"), READ, GmailLabelStrategy.FOLDER_PER_LABEL, null).folders())
                .containsExactly(GmailLabels.ALL);
        assertThat(GmailLabels.place(List.of(), READ, GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, null).folders())
                .containsExactly(GmailLabels.ALL);
    }

    @Test
    void oneFolderShouldKeepUserLabelsAsKeywordsAndNotMoveWhenOneIsAdded() {
        GmailLabels.Placement before = GmailLabels.place(List.of("\\Sent", "Clients"), READ,
                GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, null);
        GmailLabels.Placement after = GmailLabels.place(List.of("\\Sent", "Clients", "Archive 2019"), READ,
                GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, null);
        assertThat(before.folders()).containsExactly(GmailLabels.SENT);
        assertThat(after.folders()).isEqualTo(before.folders());
        assertThat(after.state().keywords()).containsExactlyInAnyOrder("$Junk", "Clients", "Archive 2019");
    }

    @Test
    void inboxShouldWinOverSentAndDraftsInOneFolder() {
        assertThat(GmailLabels.place(List.of("\\Draft", "\\Sent", "\\Inbox"), ItemState.NONE,
                GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, null).folders()).containsExactly(GmailLabels.INBOX);
    }

    /**
     * Gmail leaves the label of the selected folder out of X-GM-LABELS (github.com/dlech/gmailbuttons/issues/10): a
     * message listed from its label's folder is placed as from All Mail, where every label is given.
     */
    @Test
    void aMessageListedFromItsOwnFolderShouldBePlacedAsFromAllMail() {
        for (GmailLabelStrategy s : GmailLabelStrategy.values()) {
            List<String> all = GmailLabels.place(List.of("\\Inbox", "\\Sent", "Work"), READ, s, null).folders();
            assertThat(GmailLabels.place(List.of("\\Sent", "Work"), READ, s, GmailLabels.INBOX).folders())
                    .as(s + ", listed from INBOX").isEqualTo(all);
            assertThat(GmailLabels.place(List.of("\\Inbox", "Work"), READ, s, GmailLabels.SENT).folders())
                    .as(s + ", listed from Sent Mail").isEqualTo(all);
        }
        assertThat(GmailLabels.place(List.of("\\Inbox", "\\Sent"), READ, GmailLabelStrategy.FOLDER_PER_LABEL, "Work")
                .folders()).containsExactly(GmailLabels.INBOX, GmailLabels.SENT, "Work");
        assertThat(GmailLabels.place(List.of(), READ, GmailLabelStrategy.FOLDER_PER_LABEL, GmailLabels.DRAFTS)
                .folders()).containsExactly(GmailLabels.DRAFTS);
        assertThat(GmailLabels.place(List.of(), READ, GmailLabelStrategy.FOLDER_PER_LABEL, GmailLabels.ALL).folders())
                .as("All Mail is no label").containsExactly(GmailLabels.ALL);
    }
}
