package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ImapAuthMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpShouldListEveryOptionUnderItsHeading() {
        CliRun run = CliRun.of("migrate", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Source IMAP server:", "Target IMAP server:", "Mailboxes:", "What to copy:",
                "How to copy:", "Output:", "Exit codes:");
        for (String option : new String[] {"--source-host", "--source-port", "--source-security", "--source-user",
            "--source-password-env", "--source-password-file", "--source-trust-cert", "--target-host",
            "--target-port", "--target-security", "--target-user", "--target-password-env",
            "--target-password-file", "--target-trust-cert", "--source-auth", "--source-master-separator",
            "--target-auth", "--target-master-separator", "--csv", "--report", "--folders-only", "--include", "--kinds",
            "--exclude", "--rename", "--after", "--before", "--max-size", "--duplicates", "--delete-source",
            "--sync-deletions",            "--concurrency", "--connections", "--data-dir"}) {
            assertThat(run.out()).contains(option);
        }
        // each under its heading, the sections in their order, the options of no section first
        assertThat(run.section("Source IMAP server:")).contains("--source-host=HOST", "--source-trust-cert=PEM")
                .doesNotContain("--target-host=", "--data-dir=");
        assertThat(run.section("Target IMAP server:")).contains("--target-host=HOST", "--target-trust-cert=PEM")
                .doesNotContain("--source-host=", "--csv=");
        assertThat(run.section("Mailboxes:")).contains("--csv=FILE").doesNotContain("--target-host=", "--include=");
        assertThat(run.section("What to copy:")).contains("--folders-only", "--include=GLOB", "--max-size=BYTES")
                .doesNotContain("--duplicates=", "--report=");
        assertThat(run.section("How to copy:")).contains("--duplicates=", "--connections=N")
                .doesNotContain("--max-size=", "--report=");
        assertThat(run.section("Output:")).contains("--report=DIR").doesNotContain("--connections=");
        String out = run.out();
        assertThat(out.indexOf("      --data-dir=DIR")).isPositive().isLessThan(out.indexOf("\nSource IMAP server:"));
        assertThat(out.indexOf("\nSource IMAP server:")).isLessThan(out.indexOf("\nTarget IMAP server:"));
        assertThat(out.indexOf("\nTarget IMAP server:")).isLessThan(out.indexOf("\nMailboxes:"));
        assertThat(out.indexOf("\nMailboxes:")).isLessThan(out.indexOf("\nWhat to copy:"));
        assertThat(out.indexOf("\nWhat to copy:")).isLessThan(out.indexOf("\nHow to copy:"));
        assertThat(out.indexOf("\nHow to copy:")).isLessThan(out.indexOf("\nOutput:"));
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
    void moveModeWithDeletionSyncShouldExitTwoBeforeAnythingIsWritten() throws Exception {
        String pw = Files.writeString(dir.resolve("pw"), "secret").toString();
        CliRun run = CliRun.of("migrate", "--data-dir", dir.resolve("data").toString(), "--source-host", "s",
                "--source-user", "a", "--source-password-file", pw, "--target-host", "t", "--target-user", "b",
                "--target-password-file", pw, "--delete-source", "--sync-deletions");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--delete-source cannot be combined with --sync-deletions");
        assertThat(Files.exists(dir.resolve("data").resolve("mailferry.db"))).isFalse();
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
    void missingCsvShouldSayItDoesNotExist() {
        Path csv = dir.resolve("nonexist.csv");

        CliRun run = CliRun.of("migrate", "--data-dir", dir.resolve("data").toString(), "--source-host", "s",
                "--target-host", "t", "--csv", csv.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("The CSV file " + csv + " does not exist.");
    }

    @Test
    void missingPasswordFileShouldSayItDoesNotExistAndNameTheOption() {
        CliRun run = CliRun.of("migrate", "--data-dir", dir.resolve("data").toString(), "--source-host", "s",
                "--source-user", "a", "--source-password-file", dir.resolve("nope.pw").toString(), "--target-host",
                "t", "--target-user", "b");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--source-password-file", "does not exist.");
    }

    @Test
    void masterAuthShouldNeedTheCsvAnAdminAccountAndItsPassword() throws Exception {
        Path csv = Files.writeString(dir.resolve("pairs.csv"), "SourceMailbox,TargetMailbox\na,b\n");
        Path pw = Files.writeString(dir.resolve("admin.pw"), "secret");
        String data = dir.resolve("data").toString();

        CliRun single = CliRun.of("migrate", "--data-dir", data, "--source-host", "s", "--source-auth", "master",
                "--source-user", "admin", "--source-password-file", pw.toString(), "--target-host", "t",
                "--target-user", "b");
        CliRun noUser = CliRun.of("migrate", "--data-dir", data, "--csv", csv.toString(), "--source-host", "s",
                "--target-host", "t", "--target-auth", "master", "--target-password-file", pw.toString());
        CliRun noPassword = CliRun.of("migrate", "--data-dir", data, "--csv", csv.toString(), "--source-host", "s",
                "--target-host", "t", "--target-auth", "master", "--target-user", "admin");
        CliRun badMode = CliRun.of("migrate", "--data-dir", data, "--csv", csv.toString(), "--source-host", "s",
                "--source-auth", "oauth", "--target-host", "t");

        assertThat(single.exitCode()).as(single.toString()).isEqualTo(2);
        assertThat(single.err()).contains("--source-auth master needs --csv");
        assertThat(noUser.exitCode()).as(noUser.toString()).isEqualTo(2);
        assertThat(noUser.err()).contains("Missing --target-user: the target admin account");
        assertThat(noPassword.exitCode()).as(noPassword.toString()).isEqualTo(2);
        assertThat(noPassword.err()).contains("Missing --target-password-env or --target-password-file");
        assertThat(badMode.exitCode()).as(badMode.toString()).isEqualTo(2);
        assertThat(badMode.err()).contains("--source-auth must be password or master, not 'oauth'.");
    }

    @Test
    void masterAuthShouldLogInAsMailboxSeparatorAdmin() {
        MigrateCommand command = new MigrateCommand();
        command.source.host = "old.example";
        command.source.auth = "master";
        command.source.masterSeparator = "%";
        command.source.user = "admin";
        command.source.passwordEnv = "PW";

        ConnectionRequest c = command.source.side().connection(false, Map.of("PW", "secret"));

        assertThat(c.imap().authMode()).isEqualTo(ImapAuthMode.MASTER_USER);
        assertThat(c.imap().user()).isEqualTo("admin");
        assertThat(c.imap().masterSeparator()).isEqualTo("%");
        assertThat(c.secret().value()).isEqualTo("secret");
    }

    @Test
    void bothUnreachableServersShouldBeNamed() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path pw = Files.writeString(dir.resolve("pw"), "secret");
        String port = String.valueOf(closed);

        CliRun run = CliRun.of("migrate", "--data-dir", dir.resolve("data").toString(),
                "--source-host", "127.0.0.1", "--source-port", port, "--source-security", "none", "--source-user", "a",
                "--source-password-file", pw.toString(),
                "--target-host", "127.0.0.1", "--target-port", port, "--target-security", "none", "--target-user", "b",
                "--target-password-file", pw.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err().lines()).as(run.err()).hasSize(2);
        assertThat(run.err()).containsIgnoringCase("source").containsIgnoringCase("target");
    }

    @Test
    void csvRunShouldStopAtOnceWhenATargetServerIsUnreachableAndStartNoPair() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path csv = Files.writeString(dir.resolve("pairs.csv"), "SourceMailbox,TargetMailbox,SourceUser,"
                + "SourcePassword,TargetUser,TargetPassword\r\nanna,anna@new.example,anna,pw1,anna@new.example,pw2\r\n"
                + "bob,bob@new.example,bob,pw3,bob@new.example,pw4\r\n");
        String port = String.valueOf(closed);

        CliRun run = CliRun.of("migrate", "--data-dir", dir.resolve("data").toString(), "--csv", csv.toString(),
                "--source-host", "127.0.0.1", "--source-port", port, "--source-security", "none",
                "--target-host", "127.0.0.1", "--target-port", port, "--target-security", "none");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("Source IMAP server 127.0.0.1:" + port, "Target IMAP server 127.0.0.1:" + port)
                .containsIgnoringCase("refused").doesNotContain("pw1", "pw2");
        assertThat(run.out()).as("no pass was started").doesNotContain("First pass");
    }

    @Test
    void reachCheckShouldLogInAsTheFirstPairDoes() {
        ConnectionRequest side = new ConnectionRequest("t", io.mailferry.model.connection.ConnectionRole.TARGET,
                io.mailferry.model.connection.ConnectionKind.IMAP, new io.mailferry.model.connection.ImapSettings(
                        "h", 143, io.mailferry.model.connection.ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null,
                        null), null, null, new io.mailferry.model.connection.Secret("side-pw"));
        io.mailferry.model.mailbox.MailboxPairRequest own = new io.mailferry.model.mailbox.MailboxPairRequest("a",
                "a@new", null, null, "login-a", new io.mailferry.model.connection.Secret("own-pw"));

        assertThat(ReachCheck.of(side, own, false).imap().user()).isEqualTo("login-a");
        assertThat(ReachCheck.of(side, own, false).secret().value()).isEqualTo("own-pw");
        assertThat(ReachCheck.of(side, own, true).imap().user()).as("no own source login: the mailbox").isEqualTo("a");
        assertThat(ReachCheck.of(side, own, true).secret().value()).isEqualTo("side-pw");
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

    @Test
    void aFullDiskShouldExitFourAndAnUnreachableServerThree() {
        java.util.function.Function<String, io.mailferry.model.report.JobReport> failedWith = error ->
                new io.mailferry.model.report.JobReport("j", "job", io.mailferry.model.job.JobState.FAILED, null,
                        null, 0, false, "Failed.", java.util.List.of(new io.mailferry.model.report.MailboxReport("p",
                        "anna", "anna@new", io.mailferry.model.mailbox.MailboxState.FAILED, null, null, 0, 0, 0,
                        false, "Failed: " + error, error, java.util.List.of(), java.util.List.of())));
        String full = io.mailferry.service.engine.port.FailureText.unexpected(new java.io.IOException(
                "No space left on device"), "/srv/mailferry");
        java.io.StringWriter err = new java.io.StringWriter();

        assertThat(MigrateCommand.exitCode(failedWith.apply(full), new java.io.PrintWriter(err, true))).isEqualTo(4);
        assertThat(err.toString()).contains("anna: Mailferry could not write to its data directory /srv/mailferry:"
                + " the disk is full.");
        assertThat(MigrateCommand.exitCode(failedWith.apply("Target IMAP server imap.new.example:993 cannot be"
                + " reached."), new java.io.PrintWriter(new java.io.StringWriter()))).isEqualTo(3);
    }

    @Test
    void badOptionsShouldBeRefusedBeforeAnyLogin() {
        CliRun run = CliRun.of("migrate", "--data-dir", dir.toString(), "--source-host", "source.invalid",
                "--source-user", "a", "--target-host", "target.invalid", "--target-user", "b",
                "--rename", "^Old/(.*)$=New/$2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("The rename replacement 'New/$2' refers to a group the pattern '^Old/(.*)$'"
                + " does not have").doesNotContain("could not be found");
    }

    @Test
    void aRenamePatternThatIsNotARegularExpressionShouldBeOneLineBeforeAnyLogin() {
        CliRun run = CliRun.of("migrate", "--data-dir", dir.toString(), "--source-host", "source.invalid",
                "--source-user", "a", "--target-host", "target.invalid", "--target-user", "b",
                "--rename", "a)|(b=$5");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("The rename pattern 'a)|(b' is not a valid regular expression: Unmatched"
                + " closing ')'.").doesNotContain("could not be found").doesNotContain("^")
                .doesNotContain("PatternSyntaxException");
    }

    @Test
    void connectionSettingsShouldBeCheckedOnBothSidesBeforeEitherIsContacted() {
        String longHost = ("a".repeat(60) + ".").repeat(5) + "example";
        CliRun run = CliRun.of("migrate", "--data-dir", dir.toString(), "--source-host", longHost,
                "--source-user", "a", "--target-host", "target.invalid", "--target-user", "b");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("The source IMAP host name is too long: at most 253 characters")
                .doesNotContain("connection name").doesNotContain("target.invalid");
    }

    @Test
    void aDiskAlreadyFullWhenTheRunStartsShouldExitFourInPlainWords() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isWritable(Path.of("/dev/full")),
                "a device that is always full (Linux)");
        java.nio.file.Files.createSymbolicLink(dir.resolve("mailferry.db"), Path.of("/dev/full"));

        CliRun run = CliRun.of("migrate", "--data-dir", dir.toString(), "--source-host", "source.invalid",
                "--source-user", "a", "--target-host", "target.invalid", "--target-user", "b");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.err()).contains("Mailferry could not write to").contains("the disk is full")
                .doesNotContain("SQLITE").doesNotContain("Exception").doesNotContain("Use another --data-dir");
    }
}
