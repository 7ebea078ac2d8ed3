package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapSeeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailferry jobs ...} and {@code license} against the real service on a free port and the shared Dovecot. */
class JobsCommandIT {
    @TempDir
    Path dir;
    RunningService service;
    final DovecotServer dovecot = DovecotServer.shared();
    final ImapSeeder imap = new ImapSeeder(dovecot.host(), dovecot.imapPort());

    @BeforeEach
    void start() {
        service = ServiceMain.start(new ServiceConfig(dir.resolve("data"), 0, ServiceMain.defaultProbes(), false));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void jobShouldBeCreatedStartedWatchedAndReportedFromTheCommandLine() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Hello", 3);
        imap.add(source, dovecot.password(source), "Projects", "Plan", 2);
        String sourceConnection = addMasterConnection("Old", "source");
        String targetConnection = addMasterConnection("New", "target");

        CliRun created = cli("jobs", "create", "--name", "Sales", "--source", sourceConnection, "--target",
                targetConnection, "--pair", source + "=" + target, "--exclude", "Trash");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("(Sales) with 1 mailbox.");
        String job = idAfter(created.out(), "Created job ");
        assertThat(cli("jobs", "list").out()).contains(job, "NEW", "Sales");

        CliRun started = cli("jobs", "start", job);
        assertThat(started.exitCode()).as(started.toString()).isZero();
        assertThat(started.out()).contains("Pass started for mailbox " + source);
        CliRun watched = cli("jobs", "watch", job);
        assertThat(watched.exitCode()).as(watched.toString()).isZero();
        assertThat(watched.out()).contains("Job 'Sales' ended COMPLETED: All 5 source items of 1 mailbox are on the "
                + "target.");
        assertThat(imap.count(target, dovecot.password(target), "Projects")).isEqualTo(2);

        CliRun shown = cli("jobs", "show", job);
        assertThat(shown.out()).contains("state:       COMPLETED", "items:       5/5", source, target,
                "All 5 source items are on the target.");
        CliRun report = cli("jobs", "report", job);
        assertThat(report.exitCode()).isZero();
        assertThat(report.out()).contains(source + " -> " + target + ": COMPLETED. All 5 source items are on the "
                + "target.", "Projects", "Job: All 5 source items of 1 mailbox are on the target.");
        Path html = dir.resolve("report.html");
        assertThat(cli("jobs", "report", job, "--format", "html", "-o", html.toString()).exitCode()).isZero();
        assertThat(Files.readString(html)).contains("All 5 source items are on the target.");
        assertThat(cli("jobs", "report", job, "--format", "csv").out()).startsWith("section,source_mailbox");

        String pair = firstPairId(cli("jobs", "pairs", job).out());
        imap.add(source, dovecot.password(source), "INBOX", "Late", 1);
        assertThat(cli("jobs", "delta", job, "--pair", pair).out()).contains("Delta pass started for mailbox "
                + source);
        assertThat(cli("jobs", "watch", job, "--interval", "0.2").exitCode()).isZero();
        assertThat(cli("jobs", "report", job, "--pair", pair).out()).contains("All 6 source items are on the target.")
                .doesNotContain("Job: ");
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).isEqualTo(4);

        CliRun passes = cli("jobs", "passes", job);
        assertThat(passes.exitCode()).as(passes.toString()).isZero();
        assertThat(passes.out().lines().skip(1).map(l -> l.split("\\s+")[2]).toList())
                .containsExactly("DELTA", "FULL");
        CliRun overall = cli("report", "overall");
        assertThat(overall.exitCode()).as(overall.toString()).isZero();
        assertThat(overall.out()).contains("1 of 1 mailboxes done (0 with issues), 0 in progress, 0 failed", "Sales",
                "Nothing failed.");
        Path all = dir.resolve("all.csv");
        assertThat(cli("report", "overall", "--format", "csv", "--out", all.toString()).exitCode()).isZero();
        assertThat(Files.readString(all)).startsWith("section,job_name").contains("job,Sales,COMPLETED,1,1");

        assertThat(cli("license").out()).contains("license:     trial (no key)", "seats:       1 used");
        CliRun refused = cli("connections", "remove", sourceConnection);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(cli("jobs", "delete", job).exitCode()).isZero();
        assertThat(cli("jobs", "list").out()).doesNotContain(job);
    }

    @Test
    void exportedPairsShouldImportAgainAndABadRowShouldBeReportedWithItsLine() throws Exception {
        String sourceConnection = addMasterConnection("Old", "source");
        String targetConnection = addMasterConnection("New", "target");
        String first = idAfter(cli("jobs", "create", "--name", "First", "--source", sourceConnection, "--target",
                targetConnection, "--pair", "anna=anna.new", "--pair", "bob=bob.new").out(), "Created job ");
        String second = idAfter(cli("jobs", "create", "--name", "Second", "--source", sourceConnection, "--target",
                targetConnection).out(), "Created job ");
        Path exported = dir.resolve("pairs.csv");

        assertThat(cli("jobs", "export", first, "-o", exported.toString()).exitCode()).isZero();
        CliRun imported = cli("jobs", "import", second, exported.toString());

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("Added 2 pairs");
        assertThat(cli("jobs", "pairs", second).out()).contains("anna", "anna.new", "bob", "bob.new");
        assertThat(cli("jobs", "export", second).out()).isEqualTo(Files.readString(exported));

        Path bad = Files.writeString(dir.resolve("bad.csv"),
                "SourceMailbox,TargetMailbox\r\ncarl,carl.new\r\ndora,\r\n");
        CliRun rejected = cli("jobs", "import", second, bad.toString());
        assertThat(rejected.exitCode()).as(rejected.toString()).isEqualTo(1);
        assertThat(rejected.err()).contains("line 3: ", "Nothing was added").doesNotContain("line 2:");
        assertThat(cli("jobs", "pairs", second).out()).doesNotContain("carl");

        CliRun accepted = cli("jobs", "import", second, bad.toString(), "--accept-valid");
        assertThat(accepted.exitCode()).isEqualTo(1);
        assertThat(accepted.err()).contains("line 3: ", "Added the 1 good row.");
        assertThat(cli("jobs", "pairs", second).out()).contains("carl.new");
    }

    @Test
    void exportedPairsWithOwnLoginsShouldAskForTheirPasswordsWhenImported() throws Exception {
        String sourceConnection = addMasterConnection("Old", "source");
        String targetConnection = addMasterConnection("New", "target");
        Path withLogins = Files.writeString(dir.resolve("logins.csv"), "SourceMailbox,TargetMailbox,SourceUser,"
                + "SourcePassword,TargetUser,TargetPassword\r\nanna,anna.new,,,,\r\nbob,bob.new,bob,Old-Pw1,,\r\n");
        String first = idAfter(cli("jobs", "create", "--name", "First", "--source", sourceConnection, "--target",
                targetConnection, "--csv", withLogins.toString()).out(), "Created job ");
        String second = idAfter(cli("jobs", "create", "--name", "Second", "--source", sourceConnection, "--target",
                targetConnection).out(), "Created job ");
        Path exported = dir.resolve("pairs.csv");
        assertThat(cli("jobs", "export", first, "-o", exported.toString()).exitCode()).isZero();
        assertThat(Files.readString(exported)).doesNotContain("Old-Pw1");

        CliRun refused = cli("jobs", "import", second, exported.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("line 3: No password for SourceUser \"bob\": fill in the SourcePassword"
                + " column.").doesNotContain("line 2:");
        Files.writeString(exported, Files.readString(exported).replace("bob,bob.new,bob,,", "bob,bob.new,bob,Pw2,"));
        CliRun filledIn = cli("jobs", "import", second, exported.toString());
        assertThat(filledIn.exitCode()).as(filledIn.toString()).isZero();
        assertThat(cli("jobs", "export", second).out()).isEqualTo(cli("jobs", "export", first).out());
    }

    @Test
    void matchShouldWritePairsForEveryRuleAndNameTheSourcesItCouldNotMatch() throws Exception {
        Path sources = Files.writeString(dir.resolve("sources.txt"), String.join("\n", "# old server",
                "ceo@corp.example", "anna@old.example", "bob@legacy.example", "dora@old.example", "", "zed@old.example"));
        Path targets = Files.writeString(dir.resolve("targets.txt"), String.join("\n", "ceo@corp.example",
                "anna@new.example", "bob@corp.example", "bob@else.example", "dora@new.example", "dora@other.example"));
        Path pairs = dir.resolve("pairs.csv");

        CliRun matched = cli("jobs", "match", "--sources", sources.toString(), "--targets", targets.toString(),
                "--map-domain", "legacy.example=corp.example", "-o", pairs.toString());

        assertThat(matched.exitCode()).as(matched.toString()).isEqualTo(1);
        assertThat(Files.readString(pairs)).isEqualTo("SourceMailbox,TargetMailbox\r\n"
                + "ceo@corp.example,ceo@corp.example\r\n" + "anna@old.example,anna@new.example\r\n"
                + "bob@legacy.example,bob@corp.example\r\n");
        assertThat(matched.err()).contains("Matched 3 of 5 source mailboxes (1 by same address, 1 by same local part,"
                + " 1 by domain mapping).", "Not matched (no target, or more than one fits): dora@old.example, "
                + "zed@old.example");

        CliRun onlyAddress = cli("jobs", "match", "--sources", sources.toString(), "--targets", targets.toString(),
                "--rule", "same_address");
        assertThat(onlyAddress.out()).isEqualTo("SourceMailbox,TargetMailbox\r\nceo@corp.example,ceo@corp.example\r\n");

        String sourceConnection = addMasterConnection("Old", "source");
        String targetConnection = addMasterConnection("New", "target");
        CliRun created = cli("jobs", "create", "--name", "Matched", "--source", sourceConnection, "--target",
                targetConnection, "--csv", pairs.toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("with 3 mailboxes.");
        assertThat(cli("jobs", "match", "--sources", dir.resolve("none.txt").toString(), "--targets",
                targets.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void watchShouldExitOneWhenTheJobDidNotComplete() throws Exception {
        String sourceConnection = addMasterConnection("Old", "source");
        String targetConnection = addMasterConnection("New", "target");
        String job = idAfter(cli("jobs", "create", "--name", "Ghost", "--source", sourceConnection, "--target",
                targetConnection, "--pair", "no-such-user-" + System.nanoTime() + "=" + dovecot.newUser()).out(),
                "Created job ");

        CliRun never = cli("jobs", "watch", job);
        assertThat(never.exitCode()).isEqualTo(1);
        assertThat(never.err()).contains("has never run; start it with: mailferry jobs start " + job);

        assertThat(cli("jobs", "start", job).exitCode()).isZero();
        CliRun watched = cli("jobs", "watch", job, "--interval", "0.2");

        assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
        assertThat(watched.out()).contains("ended FAILED");
        assertThat(cli("jobs", "show", job).out()).contains("FAILED");
        assertThat(cli("jobs", "pairs", job).out()).as("the reason names the missing mailbox, not a bad password")
                .contains("check that the mailbox exists");
    }

    @Test
    void scheduleShouldBeSavedShownAndRemovedFromTheCommandLine() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        CliRun created = cli("jobs", "create", "--name", "Nightly", "--source", addMasterConnection("Old", "source"),
                "--target", addMasterConnection("New", "target"), "--pair", source + "=" + target);
        String job = idAfter(created.out(), "Created job ");

        CliRun saved = cli("jobs", "schedule", job, "--start", "2099-01-01T12:00Z", "--window", "Mon-Fri 19-07",
                "--window", "Sat-Sun 0-24", "--every", "24h", "--until", "2099-02-01T00:00Z", "--time-zone", "UTC");

        assertThat(saved.exitCode()).as(saved.toString()).isZero();
        assertThat(saved.out()).contains("Saved the schedule of job " + job + ".",
                "windows:    Mon-Fri 19-07, Sat-Sun 0-24 (UTC)", "delta:      every 24 h until 2099-02-01T00:00:00Z",
                "next run:   2099-01-01T19:00:00Z", "Next pass Thu 1 Jan 2099 19:00 (UTC).");
        assertThat(cli("jobs", "schedule", job).out()).contains("Schedule of job " + job + ":",
                "next run:   2099-01-01T19:00:00Z");
        assertThat(cli("jobs", "show", job).out()).contains("next run:    2099-01-01T19:00:00Z");

        assertThat(cli("jobs", "schedule", job, "--remove").out()).contains("Removed the schedule of job " + job);
        CliRun none = cli("jobs", "schedule", job);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("has no schedule.");
    }

    private String addMasterConnection(String name, String role) throws Exception {
        Path password = Files.writeString(dir.resolve(role + ".pw"), DovecotServer.MASTER_PASSWORD);
        CliRun added = cli("connections", "add", "--name", name, "--role", role, "--host", dovecot.host(), "--port",
                String.valueOf(dovecot.imapPort()), "--security", "none", "--auth", "master", "--user",
                DovecotServer.MASTER_USER, "--password-file", password.toString());
        assertThat(added.exitCode()).as(added.toString()).isZero();
        return idAfter(added.out(), "Added connection ");
    }

    /** The first word after {@code marker}. */
    private static String idAfter(String text, String marker) {
        return text.substring(text.indexOf(marker) + marker.length()).strip().split("\\s+")[0];
    }

    /** The first pair id of a {@code jobs pairs} table (the first word of the line under the header). */
    private static String firstPairId(String table) {
        return table.lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dir.resolve("data").toString());
        return CliRun.of(all.toArray(String[]::new));
    }
}
