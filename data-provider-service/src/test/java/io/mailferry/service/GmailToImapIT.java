package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.imap.GmailFixture;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.fake.CrashingLedger;
import io.mailferry.service.engine.fake.SimulatedCrash;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapMailboxes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gmail to IMAP end to end: the Gmail source ({@link GmailFixture}: Dovecot behind the Gmail proxy, Gmail's folder and
 * label model as developers.google.com/gmail/imap/imap-extensions describes it) copied by the engine to a Dovecot
 * target, for each label strategy. The first pass dies half way (a crash right after a ledger write), the next one
 * finishes it, a label is added in Gmail and a delta pass brings it over: every message is on the target exactly
 * where the strategy puts it, once per place; Important and Starred are no folders, Starred is the flag; spam and trash
 * stay behind when not chosen.
 */
class GmailToImapIT {
    private record Mail(String subject, List<String> labels, ItemState state) {
    }

    private static final ItemState PLAIN = ItemState.NONE;
    private static final ItemState READ = new ItemState(true, false, false, false, false, false, Set.of());

    private static List<Mail> mailbox() {
        List<Mail> mails = new ArrayList<>(List.of(
                new Mail("inbox-work", List.of("\\Inbox", "Work"), READ),
                new Mail("inbox-starred", List.of("\\Inbox", "\\Starred", "\\Important"), PLAIN),
                new Mail("work-clients", List.of("Work", "Clients"), READ),
                new Mail("archived", List.of(), READ),
                new Mail("sent", List.of("\\Sent"), READ),
                new Mail("sent-clients", List.of("\\Sent", "Clients"), READ),
                new Mail("draft", List.of("\\Draft"), PLAIN),
                new Mail("nested", List.of("Projects/Überblick"), READ),
                new Mail("spam", List.of("\\Spam"), PLAIN),
                new Mail("trash", List.of("\\Trash"), READ)));
        for (int i = 0; i < 8; i++) {
            mails.add(new Mail("inbox-" + i, List.of("\\Inbox"), PLAIN));
        }
        return mails;
    }

    /** Target folder → subjects, for each strategy, before the label "Later" is added to "archived". */
    private static Map<String, Set<String>> expected(GmailLabelStrategy strategy, boolean laterAdded) {
        Map<String, Set<String>> m = new TreeMap<>();
        Set<String> inbox = new TreeSet<>(List.of("inbox-work", "inbox-starred"));
        for (int i = 0; i < 8; i++) {
            inbox.add("inbox-" + i);
        }
        m.put("INBOX", inbox);
        m.put("Sent", new TreeSet<>(List.of("sent", "sent-clients")));
        m.put("Drafts", new TreeSet<>(List.of("draft")));
        if (strategy == GmailLabelStrategy.FOLDER_PER_LABEL) {
            m.put("Work", new TreeSet<>(List.of("inbox-work", "work-clients")));
            m.put("Clients", new TreeSet<>(List.of("work-clients", "sent-clients")));
            m.put("Projects/Überblick", new TreeSet<>(List.of("nested")));
            m.put("Archive", new TreeSet<>(List.of("archived")));
            if (laterAdded) {
                m.put("Later", new TreeSet<>(List.of("archived")));
            }
        } else {
            m.put("Archive", new TreeSet<>(List.of("work-clients", "archived", "nested")));
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(GmailLabelStrategy.class)
    void everyMessageShouldLandOncePerPlaceThroughACrashAndADelta(GmailLabelStrategy strategy) throws Exception {
        GmailFixture gmail = GmailFixture.shared().with(new GmailSettings(GmailAuthMode.APP_PASSWORD, null, strategy,
                false, false, 2));
        Login source = gmail.newMailbox();
        Map<String, String> subjects = new LinkedHashMap<>(); // sha256 → subject
        Map<String, String> msgIds = new LinkedHashMap<>();
        for (Mail mail : mailbox()) {
            byte[] raw = TestMessages.simple(mail.subject(), "<" + mail.subject() + "@gmail.example>");
            subjects.put(sha256(raw), mail.subject());
            msgIds.put(mail.subject(), gmail.seed(source, raw, mail.state(), null, mail.labels()));
        }
        DovecotServer target = DovecotServer.shared();
        String targetUser = target.newUser();
        Login targetLogin = new Login(targetUser, targetUser, new Secret(target.password(targetUser)));
        ImapMailboxAccess targetAccess = new ImapMailboxAccess(new ImapSettings(target.host(), target.imapPort(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null, ConnectionRole.TARGET);
        CrashingLedger ledger = new CrashingLedger(new InMemoryLedger());
        MigrationEngine engine = new MigrationEngine(ledger, new InMemoryCheckpoints(), EngineSettings.defaults()
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(40)).withBatches(3, 2));

        AtomicInteger done = new AtomicInteger();
        ledger.crashWhen((rows, before) -> !before && CrashingLedger.has(rows, LedgerState.DONE)
                && done.addAndGet((int) rows.stream().filter(r -> r.state() == LedgerState.DONE).count()) >= 5);
        assertThatThrownBy(() -> run(engine, gmail, source, targetAccess, targetLogin, RunKind.FULL))
                .isInstanceOf(SimulatedCrash.class);
        ledger.crashWhen((rows, before) -> false);
        assertThat(folders(target, targetLogin, subjects).values().stream().mapToInt(Set::size).sum())
                .as("the crash came half way").isBetween(1, 20);

        MailboxOutcome second = run(engine, gmail, source, targetAccess, targetLogin, RunKind.FULL);
        assertThat(second.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(folders(target, targetLogin, subjects)).isEqualTo(expected(strategy, false));

        gmail.addLabel(source, msgIds.get("archived"), "Later");
        MailboxOutcome delta = run(engine, gmail, source, targetAccess, targetLogin, RunKind.DELTA);
        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        Map<String, List<ImapMailboxes.Stored>> after = new ImapMailboxes(target.host(), target.imapPort())
                .snapshot(targetUser, target.password(targetUser));
        assertThat(folders(after, subjects)).isEqualTo(expected(strategy, true));
        assertThat(flags(after, subjects, "inbox-starred")).contains("\\Flagged");
        assertThat(after.keySet()).noneMatch(f -> f.contains("Starred") || f.contains("Important"));
        if (strategy == GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES) {
            // the new label arrives as a keyword on the one copy, which stayed where it was
            assertThat(flags(after, subjects, "archived")).contains("Later");
            assertThat(flags(after, subjects, "work-clients")).contains("Work", "Clients");
        }
    }

    private static MailboxOutcome run(MigrationEngine engine, GmailFixture gmail, Login source,
            ImapMailboxAccess target, Login targetLogin, RunKind kind) {
        return engine.run(new MailboxTask("gmail-pair", gmail.access(), source, target, targetLogin,
                JobOptions.defaults(), kind, source.mailbox(), targetLogin.mailbox()), ProgressListener.NONE,
                new StopSignal());
    }

    private static Map<String, Set<String>> folders(DovecotServer target, Login login, Map<String, String> subjects)
            throws Exception {
        return folders(new ImapMailboxes(target.host(), target.imapPort()).snapshot(login.user(),
                login.password().value()), subjects);
    }

    /** Non-empty folders → subjects; fails on a message twice in one folder. */
    private static Map<String, Set<String>> folders(Map<String, List<ImapMailboxes.Stored>> snapshot,
            Map<String, String> subjects) {
        Map<String, Set<String>> m = new TreeMap<>();
        snapshot.forEach((folder, stored) -> {
            if (stored.isEmpty()) {
                return;
            }
            List<String> names = stored.stream().map(s -> subjects.getOrDefault(s.sha256(), "?")).toList();
            assertThat(names).as("folder " + folder).doesNotHaveDuplicates();
            m.put(folder, new TreeSet<>(names));
        });
        return m;
    }

    private static Set<String> flags(Map<String, List<ImapMailboxes.Stored>> snapshot, Map<String, String> subjects,
            String subject) {
        return snapshot.values().stream().flatMap(List::stream)
                .filter(s -> subject.equals(subjects.get(s.sha256()))).findFirst().orElseThrow().flags();
    }

    private static String sha256(byte[] raw) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    }
}
