package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code connections add --kind gmail}: the options become a Gmail request, the key read from its file. */
class GmailOptionsTest {
    @TempDir
    Path dir;

    private static ConnectionRequest add(Map<String, String> env, String... args) {
        ConnectionsCommand.AddCommand add = new ConnectionsCommand.AddCommand();
        new CommandLine(add).parseArgs(args);
        return add.options.toNewRequest(env);
    }

    @Test
    void aServiceAccountKeyFileShouldMakeAGmailSourceWithItsSettings() throws Exception {
        Path key = Files.writeString(dir.resolve("sa.json"), "{\"type\":\"service_account\"}");
        ConnectionRequest r = add(Map.of(), "--name", "Workspace", "--kind", "gmail", "--gmail-user",
                "anna@example.com", "--service-account-key", key.toString(), "--labels", "one-folder",
                "--include-spam", "--gmail-connections", "3");
        assertThat(r.kind()).isEqualTo(ConnectionKind.GMAIL);
        assertThat(r.role()).isEqualTo(ConnectionRole.SOURCE);
        assertThat(r.imap()).as("imap.gmail.com by default").isNull();
        assertThat(r.secret().value()).isEqualTo("{\"type\":\"service_account\"}");
        assertThat(r.gmail().authMode()).isEqualTo(GmailAuthMode.SERVICE_ACCOUNT);
        assertThat(r.gmail().labelStrategy()).isEqualTo(GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES);
        assertThat(r.gmail().includeSpam()).isTrue();
        assertThat(r.gmail().includeTrash()).isFalse();
        assertThat(r.gmail().maxConnections()).isEqualTo(3);
    }

    @Test
    void anAppPasswordShouldComeFromThePasswordOptions() {
        ConnectionRequest r = add(Map.of("GMAIL_PW", "abcd efgh ijkl mnop"), "--name", "Me", "--kind", "gmail",
                "--gmail-auth", "app-password", "--gmail-user", "me@gmail.com", "--password-env", "GMAIL_PW");
        assertThat(r.gmail().authMode()).isEqualTo(GmailAuthMode.APP_PASSWORD);
        assertThat(r.secret().value()).isEqualTo("abcd efgh ijkl mnop");
    }

    @Test
    void gmailOptionsShouldNeedTheGmailKind() {
        assertThatThrownBy(() -> add(Map.of(), "--name", "X", "--host", "imap.example.com", "--labels", "one-folder"))
                .isInstanceOf(CliException.class).hasMessageContaining("need --kind gmail");
    }
}
