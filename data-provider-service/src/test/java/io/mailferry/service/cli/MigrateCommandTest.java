package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpShouldDocumentEveryOptionInGroups() {
        CliRun run = CliRun.of("migrate", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Source IMAP server:", "Target IMAP server:", "Mailboxes:", "What to copy:",
                "How to copy:", "Output:", "Exit codes:");
        for (String option : new String[] {"--source-host", "--source-port", "--source-security", "--source-user",
            "--source-password-env", "--source-password-file", "--source-trust-cert", "--target-host",
            "--target-port", "--target-security", "--target-user", "--target-password-env",
            "--target-password-file", "--target-trust-cert", "--csv", "--report", "--folders-only", "--include",
            "--exclude", "--rename", "--after", "--before", "--max-size", "--duplicates", "--delete-source",
            "--concurrency", "--connections", "--data-dir"}) {
            assertThat(run.out()).contains(option);
        }
    }

    @Test
    void missingHostShouldExitTwoNamingTheOption() {
        CliRun run = CliRun.of("migrate", "--data-dir", dir.toString(), "--source-user", "a", "--target-host", "t",
                "--target-user", "b");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Missing --source-host");
        assertThat(Files.exists(dir.resolve("mailferry.db"))).isFalse();
    }

    @Test
    void badCsvShouldExitTwoWithTheLineAndReason() throws Exception {
        Path csv = Files.writeString(dir.resolve("pairs.csv"), "SourceMailbox,TargetMailbox\na@x.example,\n");

        CliRun run = CliRun.of("migrate", "--data-dir", dir.resolve("data").toString(), "--source-host", "s",
                "--target-host", "t", "--csv", csv.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("line 2: ");
    }

    @Test
    void sizesAndDatesShouldParseInPlainForms() {
        assertThat(JobOptionsMixin.size("25MB")).isEqualTo(25L << 20);
        assertThat(JobOptionsMixin.size("512k")).isEqualTo(512L << 10);
        assertThat(JobOptionsMixin.size("1048576")).isEqualTo(1048576L);
        assertThat(JobOptionsMixin.date("2024-12-31", "--after")).isEqualTo(Instant.parse("2024-12-31T00:00:00Z"));
        assertThatThrownBy(() -> JobOptionsMixin.size("lots")).isInstanceOf(CliException.class)
                .hasMessageContaining("--max-size");
        assertThatThrownBy(() -> JobOptionsMixin.date("31.12.2024", "--before")).isInstanceOf(CliException.class)
                .hasMessageContaining("--before");
    }
}
