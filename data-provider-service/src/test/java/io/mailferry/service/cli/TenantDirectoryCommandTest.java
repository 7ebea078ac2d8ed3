package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.DirectoryMailbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connections directory} and the directory options of {@code jobs match} without a service. */
class TenantDirectoryCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpShouldNameTheDirectoryCommandAndTheMatchOptions() {
        assertThat(CliRun.of("connections", "--help").out()).contains("directory");
        assertThat(CliRun.of("connections", "directory", "--help").out()).contains("ID", "--csv", "--data-dir");
        assertThat(CliRun.of("jobs", "match", "--help").out()).contains("--sources", "--sources-from-connection",
                "--targets", "--targets-from-connection");
    }

    @Test
    void matchShouldExitTwoUnlessEachSideHasExactlyOneList() throws Exception {
        Path list = Files.writeString(dir.resolve("list.txt"), "anna@old.example\n");

        CliRun both = CliRun.of("jobs", "match", "--data-dir", dir.toString(), "--sources", list.toString(),
                "--targets", list.toString(), "--targets-from-connection", "c1");
        CliRun neither = CliRun.of("jobs", "match", "--data-dir", dir.toString(), "--sources", list.toString());

        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(both.err()).contains("--targets", "--targets-from-connection", "mutually exclusive");
        assertThat(neither.exitCode()).as(neither.toString()).isEqualTo(2);
        assertThat(neither.err()).contains("--targets-from-connection");
    }

    @Test
    void directoryShouldExitThreeWhenTheServiceIsNotRunning() {
        CliRun run = CliRun.of("connections", "directory", "c1", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("The Mailferry service is not running");
    }

    @Test
    void csvShouldKeepItsHeaderQuoteCommasAndDisarmFormulas() {
        String csv = ConnectionDirectoryCommand.csv(List.of(
                new DirectoryMailbox("anna@contoso.example", "Berg, Anna", "user"),
                new DirectoryMailbox("ops@contoso.example", "=HYPERLINK(\"http://x\")", "shared"),
                new DirectoryMailbox("room@contoso.example", null, "shared")));

        assertThat(csv).isEqualTo("Address,DisplayName,Kind\r\n"
                + "anna@contoso.example,\"Berg, Anna\",user\r\n"
                + "ops@contoso.example,\"'=HYPERLINK(\"\"http://x\"\")\",shared\r\n"
                + "room@contoso.example,,shared\r\n");
        assertThat(ConnectionDirectoryCommand.csv(List.of())).isEqualTo("Address,DisplayName,Kind\r\n");
    }
}
