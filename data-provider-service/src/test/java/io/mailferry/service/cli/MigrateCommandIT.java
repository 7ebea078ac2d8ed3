package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.ServiceMain;
import io.mailferry.service.app.LicenseService;
import io.mailferry.service.bench.DelayProxy;
import io.mailferry.service.store.Database;
import io.mailferry.service.testing.Await;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapSeeder;
import io.mailferry.service.testing.TestLicenses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailferry migrate} in this JVM (and once as its own process) against the shared Dovecot. */
class MigrateCommandIT {
    @TempDir
    Path dir;
    final DovecotServer dovecot = DovecotServer.shared();
    final ImapSeeder imap = new ImapSeeder(dovecot.host(), dovecot.imapPort());

    List<String> args(String source, String sourcePassword, String target, String... more) throws Exception {
        Path sp = Files.writeString(dir.resolve("source-" + sourcePassword.hashCode() + ".pw"), sourcePassword);
        Path tp = Files.writeString(dir.resolve("target.pw"), dovecot.password(target));
        List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", licensedData().toString(),
                "--source-host", dovecot.host(), "--source-port", String.valueOf(dovecot.imapPort()),
                "--source-security", "none", "--source-user", source, "--source-password-file", sp.toString(),
                "--target-host", dovecot.host(), "--target-port", String.valueOf(dovecot.imapPort()),
                "--target-security", "none", "--target-user", target, "--target-password-file", tp.toString()));
        args.addAll(List.of(more));
        return args;
    }

    /** {@code migrate --csv FILE} with the given auth options and the Dovecot admin's password for master sides. */
    List<String> csvArgs(Path csv, String sourceAuth, String targetAuth, int targetPort, String... more)
            throws Exception {
        Path master = Files.writeString(dir.resolve("master.pw"), DovecotServer.MASTER_PASSWORD);
        List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", licensedData().toString(),
                "--csv", csv.toString(),
                "--source-host", dovecot.host(), "--source-port", String.valueOf(dovecot.imapPort()),
                "--source-security", "none", "--source-auth", sourceAuth,
                "--target-host", dovecot.host(), "--target-port", String.valueOf(targetPort),
                "--target-security", "none", "--target-auth", targetAuth));
        for (String side : new String[] {"source", "target"}) {
            if ((side.equals("source") ? sourceAuth : targetAuth).equals("master")) {
                args.addAll(List.of("--" + side + "-user", DovecotServer.MASTER_USER,
                        "--" + side + "-password-file", master.toString()));
            }
        }
        args.addAll(List.of(more));
        return args;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static CliRun run(List<String> args) {
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void trialShouldCopyTenItemsPerFolderAndRefusePassesOnceItEnded() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Trial", 12);
        Path trialData = dir.resolve("trial-data");
        List<String> args = args(source, dovecot.password(source), target);
        args.set(args.indexOf("--data-dir") + 1, trialData.toString());

        CliRun capped = run(args);
        assertThat(capped.exitCode()).as(capped.toString()).isEqualTo(1);
        assertThat(capped.out()).contains("2 not copied (trial limit)");
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).isEqualTo(10);

        try (Database db = Database.open(trialData.resolve(ServiceMain.DATABASE_FILE))) {
            db.jdbi().useHandle(h -> h.execute("UPDATE setting SET value = ? WHERE name = ?",
                    Instant.now().minus(Duration.ofDays(31)).toString(), LicenseService.TRIAL_START));
        }
        CliRun ended = run(args);
        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(5);
        assertThat(ended.err().strip()).startsWith("The 30-day trial ended on ")
                .endsWith("; enter a license key to continue. Reports of earlier passes stay readable.")
                .doesNotContain("Exception");
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).isEqualTo(10);
    }

    @Test
    void csvRerunShouldFollowCorrectedTargetsAndRunOnlyTheRowsOfTheFile() throws Exception {
        String anna = dovecot.newUser();
        String annaNew = dovecot.newUser();
        String bob = dovecot.newUser();
        String bobNew = dovecot.newUser();
        imap.add(anna, dovecot.password(anna), "INBOX", "Anna", 2);
        imap.add(bob, dovecot.password(bob), "INBOX", "Bob", 3);
        String nobody = "nobody-" + System.nanoTime();
        Path csv = dir.resolve("pairs.csv");

        Files.writeString(csv, "SourceMailbox,TargetMailbox\n" + anna + "," + annaNew + "\n" + bob + "," + nobody
                + "\n");
        CliRun first = run(csvArgs(csv, "master", "master", dovecot.imapPort()));
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
        assertThat(first.out()).contains(bob + " -> " + nobody + ": FAILED");

        Files.writeString(csv, "SourceMailbox,TargetMailbox\n" + anna + "," + annaNew + "\n");
        CliRun withoutBob = run(csvArgs(csv, "master", "master", dovecot.imapPort()));
        assertThat(withoutBob.exitCode()).as("bob left the file: not run, not counted\n" + withoutBob).isZero();
        assertThat(withoutBob.out()).doesNotContain(bob).contains("of 1 mailbox are on the target");

        Files.writeString(csv, "SourceMailbox,TargetMailbox\n" + bob + "," + bobNew + "\n");
        CliRun corrected = run(csvArgs(csv, "master", "master", dovecot.imapPort()));
        assertThat(corrected.exitCode()).as(corrected.toString()).isZero();
        assertThat(corrected.out()).contains(bob + " -> " + bobNew + ": COMPLETED").doesNotContain(nobody)
                .doesNotContain(anna);
        assertThat(imap.count(bobNew, dovecot.password(bobNew), "INBOX")).isEqualTo(3);
        assertThat(imap.count(annaNew, dovecot.password(annaNew), "INBOX")).isEqualTo(2);
    }

    @Test
    void csvRerunShouldRefuseANewTargetOnceItemsWentToTheOldOne() throws Exception {
        String anna = dovecot.newUser();
        String first = dovecot.newUser();
        String second = dovecot.newUser();
        imap.add(anna, dovecot.password(anna), "INBOX", "Anna", 2);
        Path csv = dir.resolve("pairs.csv");
        Files.writeString(csv, "SourceMailbox,TargetMailbox\n" + anna + "," + first + "\n");
        int logged = dovecot.log().length();
        assertThat(run(csvArgs(csv, "master", "master", dovecot.imapPort())).exitCode()).isZero();
        assertThat(dovecot.log().substring(logged))
                .as("each master side tested by logging in for the first pair's mailbox, not for a made-up one")
                .contains("Login: user=<" + anna + ">", "Login: user=<" + first + ">")
                .doesNotContain("mailferry-connection-test-no-such-mailbox");

        Files.writeString(csv, "SourceMailbox,TargetMailbox\n" + anna + "," + second + "\n");
        CliRun moved = run(csvArgs(csv, "master", "master", dovecot.imapPort()));

        assertThat(moved.exitCode()).as(moved.toString()).isEqualTo(2);
        assertThat(moved.err()).contains(anna, first, second);
        assertThat(imap.count(second, dovecot.password(second), "INBOX")).isZero();
    }

    @Test
    void microsoftCsvShouldMigrateToAMasterUserTargetAndTakeACorrectedPassword() throws Exception {
        String anna = dovecot.newUser();
        String annaNew = "anna" + System.nanoTime() + "@new.example";
        dovecot.addUser(annaNew, "pw-new");
        imap.add(anna, dovecot.password(anna), "INBOX", "Anna", 4);
        Path csv = dir.resolve("users.csv");
        Files.writeString(csv, "EmailAddress,UserName,Password\n" + annaNew + "," + anna + ",wrong-password\n");

        CliRun wrong = run(csvArgs(csv, "password", "master", dovecot.imapPort()));
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(3);
        assertThat(wrong.out() + wrong.err()).doesNotContain("wrong-password");

        Files.writeString(csv, "EmailAddress,UserName,Password\n" + annaNew + "," + anna + ","
                + dovecot.password(anna) + "\n");
        CliRun right = run(csvArgs(csv, "password", "master", dovecot.imapPort()));

        assertThat(right.exitCode()).as(right.toString()).isZero();
        assertThat(right.out()).contains(anna + " -> " + annaNew + ": COMPLETED");
        assertThat(imap.count(annaNew, dovecot.password(annaNew), "INBOX")).isEqualTo(4);
    }

    @Test
    void microsoftCsvWithUserRootShouldMigrateOnlyThatSubtree() throws Exception {
        String admin = dovecot.newUser();
        String annaNew = "anna" + System.nanoTime() + "@new.example";
        dovecot.addUser(annaNew, "pw-new");
        imap.add(admin, dovecot.password(admin), "users/anna/INBOX", "Anna in", 3);
        imap.add(admin, dovecot.password(admin), "users/anna/Sent", "Anna sent", 2);
        imap.add(admin, dovecot.password(admin), "Private", "Admin private", 4);
        imap.add(admin, dovecot.password(admin), "INBOX", "Admin inbox", 1);
        Path csv = dir.resolve("users.csv");
        Files.writeString(csv, "EmailAddress,UserName,Password,UserRoot\n" + annaNew + "," + admin + ","
                + dovecot.password(admin) + ",/users/anna\n");

        CliRun run = run(csvArgs(csv, "password", "master", dovecot.imapPort()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("anna -> " + annaNew + ": COMPLETED");
        Map<String, Integer> arrived = new TreeMap<>();
        new ImapMailboxes(dovecot.host(), dovecot.imapPort()).snapshot(annaNew, dovecot.password(annaNew))
                .forEach((folder, items) -> {
                    if (!items.isEmpty()) {
                        arrived.put(folder, items.size());
                    }
                });
        assertThat(arrived).containsExactly(Map.entry("INBOX", 3), Map.entry("Sent", 2));
    }

    /** A UserRoot corrected after a run that found no such folder is taken; once items were copied, it is not. */
    @Test
    void aCorrectedUserRootShouldBeTakenByTheRerunUntilItemsWereCopied() throws Exception {
        String admin = dovecot.newUser();
        String annaNew = "anna" + System.nanoTime() + "@new.example";
        dovecot.addUser(annaNew, "pw-new");
        imap.add(admin, dovecot.password(admin), "users/anna/INBOX", "Anna in", 3);
        Path csv = dir.resolve("users.csv");
        String row = annaNew + "," + admin + "," + dovecot.password(admin) + ",";
        Files.writeString(csv, "EmailAddress,UserName,Password,UserRoot\n" + row + "/user/anna\n");
        CliRun wrong = run(csvArgs(csv, "password", "master", dovecot.imapPort()));
        assertThat(wrong.exitCode()).as(wrong.toString()).isNotZero();

        Files.writeString(csv, "EmailAddress,UserName,Password,UserRoot\n" + row + "/users/anna\n");
        CliRun right = run(csvArgs(csv, "password", "master", dovecot.imapPort()));

        assertThat(right.exitCode()).as(right.toString()).isZero();
        assertThat(imap.count(annaNew, "pw-new", "INBOX")).isEqualTo(3);
        Files.writeString(csv, "EmailAddress,UserName,Password,UserRoot\n" + row + "/home/anna\n");
        CliRun moved = run(csvArgs(csv, "password", "master", dovecot.imapPort()));
        assertThat(moved.exitCode()).as(moved.toString()).isEqualTo(2);
        assertThat(moved.err()).contains("was already copied from the source folder \"/users/anna\"",
                "cannot be read from \"/home/anna\" now");
    }

    @Test
    void singleMailboxRerunWithAnotherTargetUserShouldBeRefusedOnceItemsWentToTheFirst() throws Exception {
        String source = dovecot.newUser();
        String first = dovecot.newUser();
        String second = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Note", 2);
        assertThat(run(args(source, dovecot.password(source), first)).exitCode()).isZero();

        CliRun moved = run(args(source, dovecot.password(source), second));

        assertThat(moved.exitCode()).as(moved.toString()).isEqualTo(2);
        assertThat(moved.err()).contains(source, first, second);
        assertThat(imap.count(second, dovecot.password(second), "INBOX")).isZero();
    }

    @Test
    void sigtermShouldFinishTheBatchInFlightSayHowToResumeAndTheRerunShouldCopyEachItemOnce() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        int total = 800; // four batches of 200: the stop lands in the first, so items are left for the re-run
        imap.add(source, dovecot.password(source), "INBOX", "Note", total);
        Path output = dir.resolve("migrate.out");
        try (DelayProxy slowTarget = new DelayProxy(new InetSocketAddress(dovecot.host(), dovecot.imapPort()), 2)) {
            List<String> args = args(source, dovecot.password(source), target);
            args.set(args.indexOf("--target-port") + 1, String.valueOf(slowTarget.port()));
            // logins, folder listing and a part of the first batch get through, then the target hears nothing more:
            // the pass is held in the middle of a batch whatever the machine's speed
            slowTarget.gate().arm(12_000);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    MailferryCli.class.getName()));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try {
                assertThat(slowTarget.gate().awaitHeld(60_000)).as("held mid-batch: " + Files.readString(output))
                        .isTrue();
                process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook runs
                // the batch in flight may reach the target only once the hook has asked the job to stop (it says so)
                Await.until(() -> "the hook's stop request: " + read(output), Duration.ofSeconds(30),
                        () -> Files.readString(output).contains(GracefulStop.STOPPING));
                slowTarget.gate().release();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(output)).isTrue();
            } finally {
                process.destroyForcibly();
            }
            String out = Files.readString(output);
            assertThat(out).as(out).contains(GracefulStop.STOPPED);
            assertThat(process.exitValue()).as(out).isEqualTo(143);
            int copied = imap.count(target, dovecot.password(target), "INBOX");
            assertThat(copied).as("the stop landed mid-pass").isBetween(1, total - 1);

            CliRun rerun = run(args);

            assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
            assertThat(rerun.out()).contains("Delta pass", "All " + total + " source items are on the target.");
            assertThat(imap.count(target, dovecot.password(target), "INBOX")).as("no duplicates").isEqualTo(total);
        }
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

    /** {@code migrate}'s data directory, licensed by this test run (the trial copies 10 items per folder). */
    Path licensedData() throws IOException {
        return TestLicenses.licensed(Files.createDirectories(dir.resolve("data")));
    }
}
