package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.RawImap;
import io.mailferry.service.testing.RawImap.Stored;
import io.mailferry.service.testing.TestLicenses;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every job option of {@code mailferry migrate}, end to end: the real command in this JVM (service core, SQLite
 * ledger, IMAP connector) between real servers — the shared Dovecot (separator "/", SPECIAL-USE) and an embedded
 * GreenMail (separator ".", no SPECIAL-USE). Seeding and every assertion on the servers go through plain Angus Mail
 * ({@link RawImap}), never through product code: bodies are compared by the SHA-256 of their raw {@code BODY[]}
 * bytes, with flags (keywords included) and INTERNALDATE.
 */
class MigrationOptionsIT {
    private static final Instant D2021 = Instant.parse("2021-03-04T05:06:07Z");
    private static final Instant D2022 = Instant.parse("2022-06-01T08:00:00Z");
    private static final Instant D2023 = Instant.parse("2023-06-01T08:00:00Z");
    private static final Instant D2024 = Instant.parse("2024-06-01T08:00:00Z");
    private static final AtomicInteger IDS = new AtomicInteger();
    private static GreenMail greenMail;

    @TempDir
    Path dir;
    final DovecotServer dovecot = DovecotServer.shared();

    @BeforeAll
    static void startGreenMail() {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
    }

    @AfterAll
    static void stopGreenMail() {
        greenMail.stop();
    }

    // ---------------------------------------------------------------------------------------------- whole mailbox

    @Test
    void fullMigrationShouldKeepBytesFlagsDatesAndMapTheTreeThenDeltaCopiesOnlyTheNewItem() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        String twin = mail("<twin@test>", "Twin", "Same bytes twice.");
        try (RawImap s = source.open()) {
            s.append("INBOX", mail(id(), "Flagged", "All flags and two keywords."), D2021,
                    "\\Seen", "\\Answered", "\\Flagged", "$Forwarded", "Project-X");
            s.append("INBOX", mail(id(), "Draft", "A draft."), D2022, "\\Draft");
            s.append("INBOX", twin, D2023, "\\Seen");
            s.append("INBOX", twin, D2023, "\\Seen");
            s.append("INBOX", mail(null, "No id", "Without Message-ID."), D2024);
            s.append("Sent", mail(id(), "Sent one", "Sent."), D2022, "\\Seen");
            s.append("Überblick", mail(id(), "Umlaut", "Über."), D2022);
            s.append("日本語", mail(id(), "CJK", "日本語の本文。"), D2022, "\\Seen");
            s.append("a&b", mail(id(), "Ampersand", "a&b."), D2022);
            s.append("Projects/2024/Q1", mail(id(), "Nested", "Deep."), D2022, "Project-X");
            s.append("Work", mail(id(), "Upper", "Work."), D2022);
            s.append("work", mail(id(), "Lower", "work."), D2023);
        }
        List<String> folders = List.of("INBOX", "Sent", "Überblick", "日本語", "a&b", "Projects/2024/Q1", "Work",
                "work");

        CliRun first = migrate(source, target, "--connections", "3", "--report", dir.resolve("r1").toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("All 12 source items are on the target.");
        try (RawImap s = source.open(); RawImap t = target.open()) {
            assertThat(t.folders()).containsAll(folders);
            for (String folder : folders) {
                assertThat(sorted(t.read(folder))).as(folder).isEqualTo(sorted(s.read(folder)));
            }
            assertThat(t.count("INBOX")).isEqualTo(5); // the twins are two messages on the target too
            assertThat(t.read("Work")).extracting(Stored::subject).containsExactly("Upper");
            assertThat(t.read("work")).extracting(Stored::subject).containsExactly("Lower");
            s.append("work", mail(id(), "Late", "New after the first pass."), D2024, "\\Flagged");
        }

        CliRun delta = migrate(source, target, "--connections", "3", "--report", dir.resolve("r2").toString());

        assertThat(delta.exitCode()).as(delta.toString()).isZero();
        assertThat(delta.out()).contains("Delta pass", "All 13 source items are on the target.");
        assertThat(csvFolderRows(dir.resolve("r2/job-report.csv")).stream()
                .mapToLong(r -> Long.parseLong(r.get("items_copied"))).sum()).isEqualTo(1);
        try (RawImap s = source.open(); RawImap t = target.open()) {
            assertThat(sorted(t.read("work"))).isEqualTo(sorted(s.read("work"))).hasSize(2);
        }
        System.out.println("MigrationOptionsIT full " + first.millis() + " ms, delta " + delta.millis() + " ms");
    }

    @Test
    void deltaShouldBringFlagAndKeywordChangesMadeOnTheSourceAfterTheFirstCopy() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        try (RawImap s = source.open()) {
            s.append("INBOX", mail(id(), "Unread", "Read later."), D2022);
            s.append("INBOX", mail(id(), "Tagged", "Has a keyword."), D2022, "\\Flagged", "Old-Tag");
            s.append("INBOX", mail(id(), "Untouched", "Stays as it is."), D2023, "\\Seen");
        }
        CliRun first = migrate(source, target);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        try (RawImap s = source.open()) {
            List<Stored> inbox = s.read("INBOX");
            s.setFlags("INBOX", only(inbox, "Unread").uid(), "\\Seen", "Project-X");
            s.setFlags("INBOX", only(inbox, "Tagged").uid(), "\\Seen");
        }

        CliRun delta = migrate(source, target);

        assertThat(delta.exitCode()).as(delta.toString()).isZero();
        assertThat(delta.out()).contains("All 3 source items are on the target. Flags brought up to date on 2 items.");
        try (RawImap s = source.open(); RawImap t = target.open()) {
            List<Stored> onTarget = t.read("INBOX");
            assertThat(only(onTarget, "Unread").flags()).containsExactlyInAnyOrder("\\Seen", "Project-X");
            assertThat(only(onTarget, "Tagged").flags()).containsExactly("\\Seen");
            assertThat(only(onTarget, "Untouched").flags()).containsExactly("\\Seen");
            assertThat(sorted(onTarget)).isEqualTo(sorted(s.read("INBOX")));
        }
        CliRun again = migrate(source, target);
        assertThat(again.out()).contains("All 3 source items are on the target.").doesNotContain("Flags brought");
    }

    // ------------------------------------------------------------------------------------ folder mapping, servers

    @Test
    void greenMailSentItemsShouldLandInDovecotsSentAndDotsBecomeSlashes() throws Exception {
        Side source = greenMailUser();
        Side target = dovecotUser();
        try (RawImap s = source.open()) {
            assertThat(s.separator()).isEqualTo('.');
            s.append("INBOX", mail(id(), "Hello", "Inbox."), D2022, "\\Seen");
            s.append("Sent Items", mail(id(), "Sent from GreenMail", "Sent."), D2023, "\\Seen");
            s.append("Projects.2024", mail(id(), "Nested", "Dot separated."), D2023, "\\Flagged");
            s.append("Überblick.a&b", mail(id(), "Both", "Non-ASCII parent, ampersand child."), D2023);
        }

        CliRun run = migrate(source, target);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (RawImap s = source.open(); RawImap t = target.open()) {
            assertThat(t.separator()).isEqualTo('/');
            assertThat(t.folders()).contains("Sent", "Projects/2024", "Überblick/a&b")
                    .doesNotContain("Sent Items", "Projects.2024");
            assertThat(sorted(t.read("Sent"))).isEqualTo(sorted(s.read("Sent Items")));
            assertThat(sorted(t.read("INBOX"))).isEqualTo(sorted(s.read("INBOX")));
            assertThat(sorted(t.read("Projects/2024"))).isEqualTo(sorted(s.read("Projects.2024")));
            assertThat(sorted(t.read("Überblick/a&b"))).isEqualTo(sorted(s.read("Überblick.a&b")));
        }
    }

    @Test
    void dovecotFoldersShouldReachGreenMailWithItsSeparatorAndCaseCollisionsKeptApart() throws Exception {
        Side source = dovecotUser();
        Side target = greenMailUser();
        try (RawImap s = source.open()) {
            s.append("Team/Notes", mail(id(), "Note", "Slash separated."), D2022, "\\Seen");
            s.append("Reports/v1.2", mail(id(), "Dotted", "A dot inside a name."), D2023);
            s.append("Work", mail(id(), "Upper", "Work."), D2022);
            s.append("work", mail(id(), "Lower", "work."), D2023);
        }

        CliRun run = migrate(source, target);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (RawImap s = source.open(); RawImap t = target.open()) {
            // "v1.2" cannot keep its '.' where '.' separates levels: it stays one folder as "v1_2"
            assertThat(t.folders()).contains("Team.Notes", "Reports.v1_2").doesNotContain("Reports.v1.2");
            assertThat(sorted(t.read("Team.Notes"))).isEqualTo(sorted(s.read("Team/Notes")));
            assertThat(sorted(t.read("Reports.v1_2"))).isEqualTo(sorted(s.read("Reports/v1.2")));
            // GreenMail folds case: "work" cannot be a second folder there, so it becomes "work (2)", never a merge
            assertThat(t.read("Work")).extracting(Stored::subject).containsExactly("Upper");
            assertThat(t.read("work (2)")).extracting(Stored::subject).containsExactly("Lower");
        }
    }

    // ---------------------------------------------------------------------------------------- selection options

    @Test
    void includeExcludeRenameAndDateRangeShouldSelectExactlyTheRightItems() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        try (RawImap s = source.open()) {
            s.append("INBOX", mail(id(), "Too old", "2022."), D2022);
            s.append("INBOX", mail(id(), "In range", "2023."), D2023, "\\Seen");
            s.append("INBOX", mail(id(), "Too new", "2024."), D2024);
            s.append("INBOX", mail(id(), "Edge", "Exactly --before: not selected."),
                    Instant.parse("2024-01-01T00:00:00Z"));
            s.append("Projects/Alpha", mail(id(), "Alpha", "Kept and renamed."), D2023, "\\Flagged");
            s.append("Projects/Alpha", mail(id(), "Alpha old", "Out of range."), D2021);
            s.append("Projects/Old/Beta", mail(id(), "Beta", "Excluded with its parent."), D2023);
            s.append("Private", mail(id(), "Private", "Not included."), D2023);
        }

        CliRun run = migrate(source, target, "--include", "INBOX", "--include", "Projects/**",
                "--exclude", "Projects/Old", "--rename", "^Projects/(.*)$=Clients/$1",
                "--after", "2023-01-01", "--before", "2024-01-01");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("All 2 source items are on the target.");
        try (RawImap s = source.open(); RawImap t = target.open()) {
            assertThat(t.read("INBOX")).extracting(Stored::subject).containsExactly("In range");
            assertThat(t.read("Clients/Alpha")).extracting(Stored::subject).containsExactly("Alpha");
            assertThat(t.read("Clients/Alpha").get(0)).isEqualTo(only(s.read("Projects/Alpha"), "Alpha"));
            assertThat(t.folders()).doesNotContain("Private", "Projects/Alpha", "Projects/Old", "Projects/Old/Beta",
                    "Clients/Old", "Clients/Old/Beta");
            assertThat(s.count("INBOX")).isEqualTo(4); // the source is read-only without --delete-source
        }
    }

    @Test
    void foldersOnlyShouldCreateTheTreeWithoutAnyItem() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        try (RawImap s = source.open()) {
            s.append("INBOX", mail(id(), "Hi", "Inbox."), D2023);
            s.append("Projects/2024/Q1", mail(id(), "Nested", "Deep."), D2023);
            s.append("日本語", mail(id(), "CJK", "本文"), D2023);
            s.create("Empty");
        }

        CliRun run = migrate(source, target, "--folders-only");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (RawImap t = target.open()) {
            assertThat(t.folders()).contains("Projects/2024/Q1", "日本語", "Empty");
            for (String folder : t.folders()) {
                assertThat(t.count(folder)).as(folder).isZero();
            }
        }
    }

    // --------------------------------------------------------------------------- per-item trouble, move mode

    @Test
    void tooLargeAndRefusedItemsShouldBeListedWithReasonsWhileTheRestIsCopied() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        seedTroubledInbox(source);
        Path reports = dir.resolve("reports");

        CliRun run = migrate(source, target, "--max-size", "100KB", "--report", reports.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("Not verified: ").contains("1 skipped", "1 failed");
        assertThat(run.out()).containsPattern("SKIPPED INBOX uid \\d+ \"Large\" \\(\\d+ bytes\\): too large")
                .contains("FAILED INBOX").contains("zero byte");
        try (RawImap s = source.open(); RawImap t = target.open()) {
            assertThat(t.read("INBOX")).extracting(Stored::subject).containsExactlyInAnyOrder("Fine 1", "Fine 2");
            assertThat(sorted(t.read("INBOX"))).isEqualTo(sorted(s.read("INBOX").stream()
                    .filter(m -> m.subject() != null && m.subject().startsWith("Fine")).toList()));
        }
        List<CSVRecord> items = csvItemRows(reports.resolve("mailbox-" + source.user() + ".csv"));
        assertThat(items).hasSize(2);
        CSVRecord skipped = items.stream().filter(r -> r.get("outcome").equals("SKIPPED")).findFirst().orElseThrow();
        assertThat(skipped.get("source_folder")).isEqualTo("INBOX");
        assertThat(skipped.get("subject")).isEqualTo("Large");
        assertThat(Instant.parse(skipped.get("date"))).isEqualTo(D2023);
        assertThat(Long.parseLong(skipped.get("size"))).isGreaterThan(100 * 1024);
        assertThat(skipped.get("reason")).startsWith("too large");
        CSVRecord failed = items.stream().filter(r -> r.get("outcome").equals("FAILED")).findFirst().orElseThrow();
        assertThat(failed.get("source_folder")).isEqualTo("INBOX");
        assertThat(failed.get("reason")).contains("zero byte");
        assertThat(csvFolderRows(reports.resolve("job-report.csv")))
                .filteredOn(r -> r.get("source_folder").equals("INBOX")).singleElement().satisfies(r -> {
            assertThat(r.get("items_copied")).isEqualTo("2");
            assertThat(r.get("items_skipped")).isEqualTo("1");
            assertThat(r.get("items_failed")).isEqualTo("1");
        });
    }

    @Test
    void deleteFromSourceShouldRemoveOnlyTheVerifiedItems() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        seedTroubledInbox(source);
        List<Stored> before;
        try (RawImap s = source.open()) {
            before = s.read("INBOX");
        }

        CliRun run = migrate(source, target, "--max-size", "100KB", "--delete-source");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        try (RawImap s = source.open(); RawImap t = target.open()) {
            List<Stored> copied = t.read("INBOX");
            assertThat(copied).extracting(Stored::subject).containsExactlyInAnyOrder("Fine 1", "Fine 2");
            assertThat(sorted(copied)).isEqualTo(sorted(before.stream()
                    .filter(m -> m.subject() != null && m.subject().startsWith("Fine")).toList()));
            // the too-large and the refused message were not verified on the target: they stay on the source
            assertThat(s.read("INBOX")).extracting(Stored::subject).containsExactlyInAnyOrder("Large", null);
        }
    }

    // ----------------------------------------------------------------------------------------------- duplicates

    @Test
    void skipPolicyShouldLeaveAPreExistingDifferentMessageAloneAndNotCallItCopied() throws Exception {
        Duplicates d = duplicates();

        CliRun run = migrate(d.source, d.target);

        // matched by Message-ID, so not copied; but its bytes differ: not counted as on the target, not touched
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("1 skipped (another message with the same Message-ID is on the target)");
        try (RawImap t = d.target.open()) {
            assertThat(t.read("INBOX")).containsExactly(d.preExisting);
        }
    }

    @Test
    void skipPolicyShouldCountAPreExistingIdenticalMessageAndBringItsFlagsInStep() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        String same = mail(id(), "Same", "Identical on both sides.");
        Stored preExisting;
        Stored sourceCopy;
        try (RawImap s = source.open(); RawImap t = target.open()) {
            s.append("INBOX", same, D2023, "\\Seen", "Reviewed");
            t.append("INBOX", same, D2021);
            preExisting = t.read("INBOX").get(0);
            sourceCopy = s.read("INBOX").get(0);
        }

        CliRun run = migrate(source, target);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (RawImap t = target.open()) {
            // the bytes and date stay the target's own; flags follow the source, as for every item already there
            assertThat(t.read("INBOX")).singleElement().isEqualTo(new Stored(preExisting.uid(), preExisting.sha256(),
                    sourceCopy.flags(), preExisting.internalDate(), preExisting.subject(), preExisting.size()));
        }
    }

    @Test
    void deleteFromSourceShouldKeepAnItemWhoseMessageIdMatchesADifferentTargetMessage() throws Exception {
        Duplicates d = duplicates();

        CliRun run = migrate(d.source, d.target, "--delete-source");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("1 item was kept on the source");
        try (RawImap s = d.source.open(); RawImap t = d.target.open()) {
            assertThat(s.read("INBOX")).containsExactly(d.sourceCopy);
            assertThat(t.read("INBOX")).containsExactly(d.preExisting);
        }
    }

    @Test
    void aMessageDeletedOnTheTargetShouldBeReportedMissingThenCopiedAgainByTheNextRun() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        try (RawImap s = source.open()) {
            s.append("INBOX", mail(id(), "Kept", "Stays on the target."), D2022);
            s.append("INBOX", mail(id(), "Deleted", "Deleted on the target by its user."), D2023, "\\Seen");
        }
        assertThat(migrate(source, target).exitCode()).isZero();
        try (RawImap t = target.open()) {
            t.delete("INBOX", only(t.read("INBOX"), "Deleted").uid());
        }

        CliRun found = migrate(source, target);
        CliRun again = migrate(source, target);
        CliRun third = migrate(source, target);

        assertThat(found.exitCode()).as(found.toString()).isEqualTo(1);
        assertThat(found.out()).contains("1 missing");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(third.exitCode()).as(third.toString()).isZero();
        try (RawImap s = source.open(); RawImap t = target.open()) {
            assertThat(sorted(t.read("INBOX"))).isEqualTo(sorted(s.read("INBOX")));
        }
    }

    @Test
    void createDuplicatePolicyShouldAddASecondCopy() throws Exception {
        Duplicates d = duplicates();

        assertThat(targetInboxAfterMigrating(d, "--duplicates", "create")).hasSize(2).contains(d.preExisting)
                .anySatisfy(m -> assertThat(same(m, d.sourceCopy)).as("%s is the source's copy", m).isTrue());
    }

    @Test
    void overwritePolicyShouldReplaceThePreExistingCopyWithTheSourcesOwn() throws Exception {
        Duplicates d = duplicates();

        assertThat(targetInboxAfterMigrating(d, "--duplicates", "overwrite")).singleElement()
                .satisfies(m -> assertThat(same(m, d.sourceCopy)).as("%s vs %s", m, d.sourceCopy).isTrue());
    }

    @Test
    void messageWithoutMessageIdShouldBeFoundOnTheTargetByItsHeaders() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        String noId = mail(null, "No id at all", "Identified by Date, From, To, Cc, Subject and size.");
        try (RawImap s = source.open(); RawImap t = target.open()) {
            s.append("INBOX", noId, D2023, "\\Seen");
            s.append("INBOX", mail(null, "Another without id", "Not on the target yet."), D2023);
            t.append("INBOX", noId, D2023);
        }

        CliRun run = migrate(source, target);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (RawImap t = target.open()) {
            assertThat(t.read("INBOX")).extracting(Stored::subject)
                    .containsExactlyInAnyOrder("No id at all", "Another without id");
        }
    }

    // ----------------------------------------------------------------------------------------------- concurrency

    @Test
    void severalMailboxesAtOnceWithSeveralConnectionsShouldEachArriveWhole() throws Exception {
        List<Side[]> pairs = new ArrayList<>();
        StringBuilder csv = new StringBuilder("SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,"
                + "TargetPassword\r\n");
        for (int i = 0; i < 3; i++) {
            Side source = dovecotUser();
            Side target = dovecotUser();
            try (RawImap s = source.open()) {
                for (String folder : List.of("INBOX", "A", "B", "C/D")) {
                    s.append(folder, mail(id(), folder + " 1", "one"), D2023, "\\Seen");
                    s.append(folder, mail(id(), folder + " 2", "two"), D2024);
                }
            }
            pairs.add(new Side[] {source, target});
            csv.append(source.user()).append("@old.test,").append(target.user()).append("@new.test,")
                    .append(source.user()).append(',').append(source.password()).append(',')
                    .append(target.user()).append(',').append(target.password()).append("\r\n");
        }
        Path file = Files.writeString(dir.resolve("pairs.csv"), csv);

        CliRun run = CliRun.of(args(pairs.get(0)[0], pairs.get(0)[1], "--csv", file.toString(),
                "--concurrency", "3", "--connections", "4").toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("All 24 source items of 3 mailboxes are on the target.");
        for (Side[] pair : pairs) {
            try (RawImap s = pair[0].open(); RawImap t = pair[1].open()) {
                for (String folder : List.of("INBOX", "A", "B", "C/D")) {
                    assertThat(sorted(t.read(folder))).as(folder).isEqualTo(sorted(s.read(folder))).hasSize(2);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** One mailbox on one of the two servers. */
    record Side(String host, int port, String user, String password) {
        RawImap open() throws Exception {
            return new RawImap(host, port, user, password);
        }
    }

    Side dovecotUser() {
        String user = dovecot.newUser();
        return new Side(dovecot.host(), dovecot.imapPort(), user, dovecot.password(user));
    }

    static Side greenMailUser() {
        String user = "gm-options-" + IDS.incrementAndGet();
        greenMail.setUser(user + "@example.com", user, "pw-" + user);
        return new Side("127.0.0.1", greenMail.getImap().getPort(), user, "pw-" + user);
    }

    CliRun migrate(Side source, Side target, String... more) throws IOException {
        return CliRun.of(args(source, target, more).toArray(String[]::new));
    }

    List<String> args(Side source, Side target, String... more) throws IOException {
        Path sp = Files.writeString(dir.resolve("source-" + source.user() + ".pw"), source.password());
        Path tp = Files.writeString(dir.resolve("target-" + target.user() + ".pw"), target.password());
        List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", licensedData().toString(),
                "--source-host", source.host(), "--source-port", String.valueOf(source.port()),
                "--source-security", "none", "--source-user", source.user(), "--source-password-file", sp.toString(),
                "--target-host", target.host(), "--target-port", String.valueOf(target.port()),
                "--target-security", "none", "--target-user", target.user(), "--target-password-file", tp.toString()));
        args.addAll(List.of(more));
        return args;
    }

    /** INBOX: two fine messages, one of ~200 KB, and a zero-byte file Dovecot lists but refuses to APPEND. */
    private void seedTroubledInbox(Side source) throws Exception {
        try (RawImap s = source.open()) {
            s.append("INBOX", mail(id(), "Fine 1", "One."), D2022, "\\Seen");
            s.append("INBOX", mail(id(), "Large", "x".repeat(76) + "\r\n".repeat(1) + ("y".repeat(76) + "\r\n")
                    .repeat(2700)), D2023, "\\Flagged");
            s.append("INBOX", mail(id(), "Fine 2", "Two."), D2024, "Keyword");
        }
        // a zero-byte message (a truncated file, as real maildirs have): readable on the source, refused by Dovecot
        Path maildirNew = dovecot.maildir(source.user()).resolve("new");
        Files.write(Files.createDirectories(maildirNew).resolve("1700000000.M1P1.zero-byte"), new byte[0]);
        try (RawImap s = source.open()) {
            assertThat(s.count("INBOX")).isEqualTo(4);
        }
    }

    /** Target INBOX already holds a message with the source's Message-ID but other bytes, flags and date. */
    record Duplicates(Side source, Side target, Stored preExisting, Stored sourceCopy) {
    }

    private Duplicates duplicates() throws Exception {
        Side source = dovecotUser();
        Side target = dovecotUser();
        String messageId = id();
        try (RawImap s = source.open(); RawImap t = target.open()) {
            s.append("INBOX", mail(messageId, "Report", "The source's copy."), D2023, "\\Seen", "Reviewed");
            t.append("INBOX", mail(messageId, "Report", "An older copy already on the target."), D2021);
            return new Duplicates(source, target, t.read("INBOX").get(0), s.read("INBOX").get(0));
        }
    }

    /** Runs the migration of {@code d} (which must verify) and reads the target's INBOX. */
    private List<Stored> targetInboxAfterMigrating(Duplicates d, String... options) throws Exception {
        CliRun run = migrate(d.source, d.target, options);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (RawImap t = d.target.open()) {
            return t.read("INBOX");
        }
    }

    /** Same bytes, flags and INTERNALDATE (UIDs differ between servers). */
    private static boolean same(Stored a, Stored b) {
        return a.sha256().equals(b.sha256()) && a.flags().equals(b.flags()) && a.internalDate().equals(b.internalDate());
    }

    /** The messages without their UIDs, in a stable order, for comparing a folder on both sides. */
    private static List<String> sorted(List<Stored> messages) {
        return messages.stream().map(m -> m.sha256() + " " + m.flags() + " " + m.internalDate() + " " + m.size())
                .sorted(Comparator.naturalOrder()).toList();
    }

    private static Stored only(List<Stored> messages, String subject) {
        return messages.stream().filter(m -> subject.equals(m.subject())).findFirst().orElseThrow();
    }

    private static String id() {
        return "<opt-" + IDS.incrementAndGet() + "-" + System.nanoTime() + "@test>";
    }

    /** A raw RFC 5322 message with CRLF line ends; no Message-ID header when {@code messageId} is null. */
    private static String mail(String messageId, String subject, String body) {
        return (messageId == null ? "" : "Message-ID: " + messageId + "\r\n")
                + "From: Sender <sender@example.com>\r\nTo: user@example.com\r\n"
                + "Date: Thu, 1 Jun 2023 10:00:00 +0200\r\nSubject: " + subject + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
    }

    private static List<CSVRecord> csvRows(Path file, String section) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Stream<CSVRecord> rows = format.parse(new StringReader(Files.readString(file))).stream()) {
            return rows.filter(r -> r.get("section").equals(section)).toList();
        }
    }

    private static List<CSVRecord> csvFolderRows(Path file) throws IOException {
        return csvRows(file, "folder");
    }

    private static List<CSVRecord> csvItemRows(Path file) throws IOException {
        return csvRows(file, "item");
    }

    /** {@code migrate}'s data directory, licensed by this test run (the trial copies 10 items per folder). */
    Path licensedData() throws IOException {
        return TestLicenses.licensed(Files.createDirectories(dir.resolve("data")));
    }
}
