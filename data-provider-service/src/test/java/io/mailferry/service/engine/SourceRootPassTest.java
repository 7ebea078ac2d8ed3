package io.mailferry.service.engine;

import io.mailferry.service.engine.port.LedgerState;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.MigrationType;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FolderReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pair with a source root (Microsoft's UserRoot) migrates only that subtree, named relative to it. */
class SourceRootPassTest {
    private final EngineFixture f = new EngineFixture();

    private void seedSharedTree() {
        f.source.addFolder(FolderType.OTHER, false, "users");
        f.source.addFolder(FolderType.OTHER, false, "users", "anna");
        f.source.addFolder("users", "anna", "INBOX");
        f.source.addFolder(FolderType.SENT, "users", "anna", "Sent");
        f.source.addFolder(FolderType.OTHER, false, "users", "anna", "Projects");
        f.source.addFolder("users", "anna", "Projects", "X");
        f.source.addFolder("users", "bob", "INBOX");
        f.source.addFolder("Other");
        f.source.add("users/anna/INBOX", "Subject: a1\r\nMessage-ID: <a1@x>\r\n\r\nbody\r\n");
        f.source.add("users/anna/INBOX", "Subject: a2\r\nMessage-ID: <a2@x>\r\n\r\nbody\r\n");
        f.source.add("users/anna/Sent", "Subject: s1\r\nMessage-ID: <s1@x>\r\n\r\nbody\r\n");
        f.source.add("users/anna/Projects/X", "Subject: x1\r\nMessage-ID: <x1@x>\r\n\r\nbody\r\n");
        f.source.add("users/bob/INBOX", "Subject: b1\r\nMessage-ID: <b1@x>\r\n\r\nbody\r\n");
        f.source.add("Other", "Subject: o1\r\nMessage-ID: <o1@x>\r\n\r\nbody\r\n");
        f.source.add("INBOX", "Subject: admin\r\nMessage-ID: <admin@x>\r\n\r\nbody\r\n");
    }

    @Test
    void rootShouldConfineThePassToItsSubtreeNamedRelativeToIt() {
        seedSharedTree();
        f.target.addFolder(FolderType.SENT, "Sent Items");
        f.sourceRoot = "users/anna";

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(out.report().verdict()).isEqualTo("All 4 source items are on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactly("a1", "a2");
        assertThat(f.targetSubjects("Sent Items")).containsExactly("s1");
        assertThat(f.targetSubjects("Projects/X")).containsExactly("x1");
        assertThat(f.target.folderPaths()).doesNotContain("Other", "users/bob/INBOX", "users/anna/INBOX", "Sent");
        // the ledger and the report keep the real source paths, so resume and delta stay exact
        assertThat(out.report().folders()).extracting(FolderReport::sourceFolder)
                .containsExactlyInAnyOrder("users/anna/INBOX", "users/anna/Sent", "users/anna/Projects/X");
        assertThat(f.ledgerCount(LedgerState.DONE)).isEqualTo(4);

        assertThat(f.run().report().itemsCopied()).isZero();
    }

    @Test
    void includePatternsShouldApplyToTheRelativeNames() {
        seedSharedTree();
        f.sourceRoot = "users/anna";

        MailboxOutcome out = f.run(EngineFixture.options(
                new FolderFilter(List.of("Projects/*"), null, null, null), MigrationType.FULL));

        assertThat(out.report().folders()).extracting(FolderReport::sourceFolder)
                .containsExactly("users/anna/Projects/X");
        assertThat(f.targetSubjects("Projects/X")).containsExactly("x1");
    }

    @Test
    void messagesOfTheRootFolderItselfShouldGoToInbox() {
        f.source.addFolder("home", "anna");
        f.source.addFolder("home", "anna", "Work");
        f.source.add("home/anna", "Subject: r1\r\nMessage-ID: <r1@x>\r\n\r\nbody\r\n");
        f.source.add("home/anna/Work", "Subject: w1\r\nMessage-ID: <w1@x>\r\n\r\nbody\r\n");
        f.sourceRoot = "home/anna";

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.targetSubjects("INBOX")).containsExactly("r1");
        assertThat(f.targetSubjects("Work")).containsExactly("w1");
    }

    @Test
    void missingRootShouldFailTheMailboxWithAPlainSentence() {
        seedSharedTree();
        f.sourceRoot = "users/terry.adams";

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.FAILED);
        assertThat(out.report().error()).isEqualTo("Source folder 'users/terry.adams' (UserRoot) does not exist.");
        assertThat(f.target.messages("INBOX")).isEmpty();
    }
}
