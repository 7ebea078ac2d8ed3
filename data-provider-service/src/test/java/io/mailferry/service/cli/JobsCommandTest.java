package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs and license commands without a service: help and command-line checks. */
class JobsCommandTest {
    @TempDir
    Path dir;

    @Test
    void createHelpShouldDocumentEveryOptionIncludingTheSharedJobOptions() {
        CliRun run = CliRun.of("jobs", "create", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Job:", "Mailboxes:", "What to copy:", "How to copy:");
        for (String option : new String[] {"--name", "--source", "--target", "--pair", "--csv", "--folders-only",
            "--include", "--exclude", "--kinds", "--rename", "--after", "--before", "--max-size", "--duplicates",
            "--delete-source", "--sync-deletions", "--concurrency", "--connections", "--data-dir"}) {
            assertThat(run.out()).contains(option);
        }
        // the argument groups' sections and the shared options' sections in one order
        assertThat(run.section("Job:")).contains("--name=NAME", "--target=CONN").doesNotContain("--pair=");
        assertThat(run.section("Mailboxes:")).contains("--pair=SRC=TGT", "--csv=FILE").doesNotContain("--include=");
        assertThat(run.section("What to copy:")).contains("--include=GLOB").doesNotContain("--duplicates=");
        assertThat(run.section("How to copy:")).contains("--duplicates=").doesNotContain("--include=", "--name=");
        String out = run.out();
        assertThat(out.indexOf("\nJob:")).isPositive().isLessThan(out.indexOf("\nMailboxes:"));
        assertThat(out.indexOf("\nMailboxes:")).isLessThan(out.indexOf("\nWhat to copy:"));
        assertThat(out.indexOf("\nWhat to copy:")).isLessThan(out.indexOf("\nHow to copy:"));
    }

    @Test
    void everyJobsSubcommandShouldHaveHelpNamingItsOptions() {
        assertThat(CliRun.of("jobs", "--help").out()).contains("list", "show", "create", "start", "stop", "delta",
                "pairs", "import", "export", "report", "watch", "delete", "Exit codes:");
        assertThat(CliRun.of("jobs", "start", "--help").out()).contains("--pair", "--data-dir");
        assertThat(CliRun.of("jobs", "import", "--help").out()).contains("--accept-valid", "FILE", "Exit codes:");
        assertThat(CliRun.of("jobs", "export", "--help").out()).contains("--output");
        assertThat(CliRun.of("jobs", "report", "--help").out()).contains("--pair", "--format", "--output");
        assertThat(CliRun.of("jobs", "watch", "--help").out()).contains("--interval", "Exit codes:");
        assertThat(CliRun.of("jobs", "list", "--help").out()).contains("--json");
        assertThat(CliRun.of("license", "--help").out()).contains("--json", "--data-dir");
        assertThat(CliRun.of("jobs", "passes", "--help").out()).contains("--limit", "--json", "--data-dir");
        assertThat(CliRun.of("report", "overall", "--help").out()).contains("--format", "--out", "--data-dir");
        assertThat(CliRun.of("alerts", "--help").out()).contains("list", "show", "smtp", "rules", "test", "check",
                "Exit codes:");
        assertThat(CliRun.of("alerts", "smtp", "--help").out()).contains("--host", "--security", "--password-file",
                "--password-env", "--trust-cert", "--to", "--period", "--off");
    }

    @Test
    void createShouldExitTwoOnAMalformedPairBeforeContactingTheService() {
        CliRun run = CliRun.of("jobs", "create", "--data-dir", dir.toString(), "--name", "J", "--source", "s",
                "--target", "t", "--pair", "anna@old.example");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--pair needs SOURCE=TARGET");
    }

    @Test
    void createShouldExitTwoWhenMoveModeAndDeletionSyncAreCombined() {
        CliRun run = CliRun.of("jobs", "create", "--data-dir", dir.toString(), "--name", "J", "--source", "s",
                "--target", "t", "--pair", "a=b", "--delete-source", "--sync-deletions");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("--delete-source cannot be combined with --sync-deletions: one "
                + "empties the source, the other follows it; choose one.");
    }

    @Test
    void createShouldExitTwoForAnUnknownKindBeforeContactingTheService() {
        CliRun run = CliRun.of("jobs", "create", "--data-dir", dir.toString(), "--name", "J", "--source", "s",
                "--target", "t", "--pair", "a=b", "--kinds", "mail,notes");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("--kinds takes mail, calendar, contacts and tasks, separated by "
                + "commas, not 'notes'.");
    }

    @Test
    void kindsShouldBeReadAsFolderClassesAndAbsentMeansEveryKind() {
        assertThat(JobOptionsMixin.kinds("mail, Calendar,tasks")).containsExactlyInAnyOrder(
                io.mailferry.model.job.FolderClass.MAIL, io.mailferry.model.job.FolderClass.CALENDAR,
                io.mailferry.model.job.FolderClass.TASKS);
        assertThat(JobOptionsMixin.kinds(null)).isNull();
        JobOptionsMixin mixin = new JobOptionsMixin();
        mixin.selection.kinds = "contacts";
        assertThat(mixin.toJobOptions().folders().kinds()).containsExactly(
                io.mailferry.model.job.FolderClass.CONTACTS);
        assertThat(new JobOptionsMixin().toJobOptions().folders().kinds()).isEmpty();
    }

    @Test
    void createShouldExitTwoWithoutItsRequiredOptions() {
        CliRun run = CliRun.of("jobs", "create", "--data-dir", dir.toString(), "--pair", "a=b");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--name");
    }

    @Test
    void scheduleShouldExitTwoWithASentenceForEachWrongOptionBeforeContactingTheService() {
        String data = dir.toString();
        assertThat(CliRun.of("jobs", "schedule", "J", "--data-dir", data, "--window", "Mon-Fry 19-07").err())
                .contains("--window: \"Fry\" in the activity period \"Mon-Fry 19-07\" is not a day of the week");
        assertThat(CliRun.of("jobs", "schedule", "J", "--data-dir", data, "--every", "daily").err())
                .contains("--every needs a number of hours or days such as 24h or 2d, not 'daily'.");
        assertThat(CliRun.of("jobs", "schedule", "J", "--data-dir", data, "--start", "2027-02-01", "--until",
                "2027-01-31", "--time-zone", "UTC").err())
                .contains("--until (2027-01-31T00:00:00Z) must be after --start (2027-02-01T00:00:00Z).");
        assertThat(CliRun.of("jobs", "schedule", "J", "--data-dir", data, "--time-zone", "Mars").err())
                .contains("--time-zone needs a zone such as Europe/Berlin or UTC, not 'Mars'.");
        assertThat(CliRun.of("jobs", "schedule", "J", "--data-dir", data, "--remove", "--every", "24h").err())
                .contains("--remove cannot be combined");
        for (String[] args : new String[][] {{"--window", "Mon 9-9"}, {"--every", "0h"}, {"--start", "soon"}}) {
            List<String> all = new ArrayList<>(List.of("jobs", "schedule", "J", "--data-dir", data));
            all.addAll(List.of(args));
            CliRun run = CliRun.of(all.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        }
    }

    @Test
    void scheduleHelpShouldShowTheSyntaxWithAnExample() {
        CliRun run = CliRun.of("jobs", "schedule", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--start", "--window", "--every", "--until", "--time-zone", "--remove",
                "\"Mon-Fri 19-07\"", "Exit codes:");
    }

    @Test
    void jobsShouldExitThreeWhenTheServiceIsNotRunning() {
        CliRun run = CliRun.of("jobs", "list", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("The Mailferry service is not running");
    }

    @Test
    void aScheduleWithoutTimeZoneShouldCarryThisMachinesZoneWithItsDates() {
        JobScheduleCommand command = new JobScheduleCommand();
        command.start = "2099-01-01T19:00";
        command.windows.add("Mon-Fri 19-07");
        var request = command.request();
        assertThat(request.timeZone()).isEqualTo(java.time.ZoneId.systemDefault().getId());
        assertThat(request.startAt()).isEqualTo(java.time.LocalDateTime.parse("2099-01-01T19:00")
                .atZone(java.time.ZoneId.systemDefault()).toInstant());
        command.timeZone = "Asia/Kolkata";
        assertThat(command.request().timeZone()).isEqualTo("Asia/Kolkata");
    }
}
