package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.FolderType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceRootTest {
    private static MailFolder f(String path, char separator) {
        return new MailFolder(path, path.replace('/', separator), Arrays.asList(path.split("/")), separator,
                FolderType.OTHER, true);
    }

    @Test
    void rootAndItsInboxChildShouldBothBecomeInboxAndMapBackToTheRealFolders() throws Exception {
        MailFolder root = f("users/anna", '/');
        MailFolder inbox = f("users/anna/inbox", '/');
        SourceRoot sr = new SourceRoot("users/anna");

        List<MailFolder> relative = sr.confine(List.of(f("INBOX", '/'), root, inbox, f("users/annabel/x", '/')));

        assertThat(relative).extracting(MailFolder::displayPath).containsExactly("INBOX", "INBOX");
        assertThat(relative).extracting(MailFolder::type).containsOnly(FolderType.INBOX);
        assertThat(relative).extracting(sr::real).containsExactly(root, inbox);
    }

    @Test
    void rootWrittenWithTheServersSeparatorShouldBeFoundToo() throws Exception {
        List<MailFolder> relative = new SourceRoot("users.anna").confine(List.of(f("users/anna/Sent", '.')));

        assertThat(relative).extracting(MailFolder::displayPath).containsExactly("Sent");
    }

    @Test
    void missingRootShouldNameItInAPlainSentence() {
        assertThatThrownBy(() -> new SourceRoot("users/terry.adams").confine(List.of(f("users/anna", '/'))))
                .isInstanceOf(MailboxException.class)
                .hasMessage("Source folder 'users/terry.adams' (UserRoot) does not exist.")
                .satisfies(e -> assertThat(((MailboxException) e).kind()).isEqualTo(MailboxException.Kind.FATAL));
    }

    @Test
    void noRootShouldLeaveTheListingAlone() throws Exception {
        List<MailFolder> listed = List.of(f("INBOX", '/'), f("Other", '/'));

        assertThat(new SourceRoot(null).confine(listed)).isSameAs(listed);
    }
}
