package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapSeeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailferry migrate} in this JVM against the shared Dovecot. */
class MigrateCommandIT {
    @TempDir
    Path dir;
    final DovecotServer dovecot = DovecotServer.shared();
    final ImapSeeder imap = new ImapSeeder(dovecot.host(), dovecot.imapPort());

    List<String> args(String source, String sourcePassword, String target, String... more) throws Exception {
        Path sp = Files.writeString(dir.resolve("source-" + sourcePassword.hashCode() + ".pw"), sourcePassword);
        Path tp = Files.writeString(dir.resolve("target.pw"), dovecot.password(target));
        List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", dir.resolve("data").toString(),
                "--source-host", dovecot.host(), "--source-port", String.valueOf(dovecot.imapPort()),
                "--source-security", "none", "--source-user", source, "--source-password-file", sp.toString(),
                "--target-host", dovecot.host(), "--target-port", String.valueOf(dovecot.imapPort()),
                "--target-security", "none", "--target-user", target, "--target-password-file", tp.toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void secondRunShouldCopyNothingAndBothShouldExitZero() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Note", 3);
        imap.add(source, dovecot.password(source), "Archive", "Old", 2);
        Path reports = dir.resolve("reports");

        CliRun first = CliRun.of(args(source, dovecot.password(source), target, "--report", reports.toString())
                .toArray(String[]::new));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("First pass of job", "All 5 source items are on the target.",
                "Job: All 5 source items of 1 mailbox are on the target.", "Reports written to");
        assertThat(Files.exists(reports.resolve("job-report.html"))).isTrue();
        assertThat(Files.readString(reports.resolve("job-report.csv"))).contains("Archive");
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).isEqualTo(3);

        CliRun second = CliRun.of(args(source, dovecot.password(source), target).toArray(String[]::new));

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("Delta pass of job", "All 5 source items are on the target.");
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).isEqualTo(3);
        assertThat(imap.count(target, dovecot.password(target), "Archive")).isEqualTo(2);
        System.out.println("migrate first run " + first.millis() + " ms, second run " + second.millis() + " ms");
    }

    @Test
    void tooLargeItemShouldExitOneWithTheReason() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Small", 2);
        imap.addLarge(source, dovecot.password(source), "INBOX", 200_000);

        CliRun run = CliRun.of(args(source, dovecot.password(source), target, "--max-size", "100KB")
                .toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("SKIPPED INBOX").contains("Large");
        assertThat(run.err()).startsWith("Not verified: ");
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).isEqualTo(2);
    }

    @Test
    void wrongPasswordShouldExitThreeNamingTheSide() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();

        CliRun run = CliRun.of(args(source, "not-the-password", target).toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).containsIgnoringCase("source").doesNotContain("not-the-password");
    }
}
