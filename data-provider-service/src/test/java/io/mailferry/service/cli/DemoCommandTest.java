package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, in this JVM: embedded servers, the real service, the real HTTP API. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoShouldMigrateVerifyAndCopyExactlyTheNewMessageInTheDelta() {
        CliRun run = CliRun.of("demo", "--data-dir", dir.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Two demo IMAP servers are running",
                "with 2 mailboxes, through the API.",
                "anna@old.example -> anna@new.example: COMPLETED.",
                "bob@old.example -> bob@new.example: COMPLETED.",
                "Source folder",
                "The delta pass copied 1 item: exactly the new message.",
                "Demo finished: every source item is on the target, verified.");
        assertThat(Files.exists(dir.resolve("reports").resolve("job-report.html"))).isTrue();
        assertThat(run.millis()).isLessThan(30_000);
    }
}
