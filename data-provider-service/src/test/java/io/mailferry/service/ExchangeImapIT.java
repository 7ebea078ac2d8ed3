package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.ews.EwsAccessProvider;
import io.mailferry.service.connector.ews.doubles.EwsDouble;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.fake.CrashingLedger;
import io.mailferry.service.engine.fake.SimulatedCrash;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On-premises Exchange and IMAP through the engine, both ways: Exchange is the {@link EwsDouble} (the real
 * ews-java-api client against request and response shapes of learn.microsoft.com/exchange/client-developer/
 * web-service-reference: findfolder-operation, finditem-operation, getitem-operation, syncfolderitems-operation,
 * createfolder-operation, createitem-operation, updateitem-operation; ews-throttling-in-exchange for ErrorServerBusy),
 * opened through {@link EwsAccessProvider} as the service opens it, and IMAP a real Dovecot read back over plain IMAP,
 * independently of Mailferry. Each pass crashes after the target took a batch whose ledger rows were never settled
 * ({@link CrashingLedger}: the process dies between the write and the ledger), resumes, then runs a delta after new
 * mail and a state change; Exchange → IMAP also after Exchange expired every SyncFolderItems state, IMAP → Exchange
 * also with the ledger lost entirely (the identity stamps tell the copies) and through ErrorServerBusy, whose waits the
 * report counts. Every message lands exactly once: zero lost, zero duplicated.
 */
class ExchangeImapIT {
    private static final String ACCOUNT = "svc-migration@contoso.example";
    private static final String PASSWORD = "Ews-IT-Pass1";
    private static final Instant T0 = Instant.parse("2021-05-06T07:08:09Z");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>]+>)");

    static EwsDouble ews;
    static DovecotServer dovecot;
    static ImapMailboxes imap;

    @BeforeAll
    static void start() {
        ews = new EwsDouble(ACCOUNT, PASSWORD);
        ews.pageCap(7); // listings go through several pages
        dovecot = DovecotServer.shared();
        imap = new ImapMailboxes(dovecot.host(), dovecot.imapPort());
    }

    @AfterAll
    static void stop() {
        ews.close();
    }

    private static MailboxAccess exchange(ConnectionRole role) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        Connection c = new Connection("ex", "Exchange 2019", role, ConnectionKind.EXCHANGE, null, null,
                new EwsSettings(ews.url().toString(), ACCOUNT, true, null, null, EwsAuthMode.BASIC, 3), true, t, t,
                null);
        return new EwsAccessProvider().open(c, new Secret(PASSWORD), role);
    }

    private static MailboxAccess dovecotAccess(ConnectionRole role) {
        return new ImapMailboxAccess(new ImapSettings(dovecot.host(), dovecot.imapPort(), ImapSecurity.NONE,
                ImapAuthMode.PASSWORD, null, null, null), null, role);
    }

    static byte[] message(String id, int i) {
        return ("From: Alice <alice@example.com>\r\nTo: bob@example.com\r\nSubject: message " + id + "\r\n"
                + "Message-ID: <" + id + "@it.example>\r\nDate: Thu, 6 May 2021 07:08:09 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nBody " + i + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static MailboxTask task(String pair, MailboxAccess source, MailboxAccess.Login sourceLogin,
            MailboxAccess target, MailboxAccess.Login targetLogin, RunKind kind) {
        return new MailboxTask(pair, source, sourceLogin, target, targetLogin, JobOptions.defaults(), kind,
                sourceLogin.mailbox(), targetLogin.mailbox());
    }

    /** Message-IDs per folder on Dovecot, each as often as it is there. */
    static Map<String, List<String>> onDovecot(ImapMailboxes imap, DovecotServer dovecot, String user)
            throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<List<String>, List<byte[]>> f : imap.raw(user, dovecot.password(user)).entrySet()) {
            List<String> ids = new ArrayList<>();
            for (byte[] raw : f.getValue()) {
                Matcher m = MESSAGE_ID.matcher(new String(raw, StandardCharsets.US_ASCII));
                ids.add(m.find() ? m.group(1) : "?");
            }
            ids.sort(null);
            out.put(String.join("/", f.getKey()), ids);
        }
        return out;
    }

    /** Message-IDs per folder on the Exchange double. */
    static Map<String, List<String>> onExchange(EwsDouble ews, String mailbox) {
        Map<String, List<String>> out = new TreeMap<>();
        for (EwsDouble.Stored s : ews.items(mailbox)) {
            out.computeIfAbsent(String.join("/", s.folder()), k -> new ArrayList<>()).add(s.messageId());
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    static List<String> ids(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("<" + prefix + i + "@it.example>");
        }
        out.sort(null);
        return out;
    }

    /** A ledger that dies once the target took the second batch, before that batch's rows are settled. */
    private static CrashingLedger crashingAtTheSecondBatch() {
        CrashingLedger ledger = new CrashingLedger(new InMemoryLedger());
        AtomicInteger settled = new AtomicInteger();
        ledger.crashWhen((entries, before) -> before && CrashingLedger.has(entries, LedgerState.DONE)
                && settled.incrementAndGet() == 2);
        return ledger;
    }

    static List<String> plus(List<String> ids, String id) {
        List<String> out = new ArrayList<>(ids);
        out.add(id);
        out.sort(null);
        return out;
    }

    @Test
    void exchangeToImapShouldResumeACrashedPassAndCopyOnlyWhatIsNewInDeltas() throws Exception {
        String mailbox = "megan@contoso.example";
        ews.addMailbox(mailbox, "Megan");
        ews.createFolder(mailbox, List.of("Projects", "Alpha"));
        ews.createFolder(mailbox, List.of("Team Calendar"), "IPF.Appointment");
        ews.seedItem(mailbox, List.of("Team Calendar"), "IPM.Appointment", Map.of("Subject", "Stand-up"));
        for (int i = 0; i < 30; i++) {
            ItemState state = new ItemState(i % 3 == 0, i % 4 == 0, false, false, false, false, Set.of());
            ews.seed(mailbox, i < 20 ? List.of("INBOX") : List.of("Projects", "Alpha"), message("x" + i, i), state,
                    T0.plusSeconds(3600L * i));
        }
        String user = dovecot.newUser();
        MailboxAccess.Login target = new MailboxAccess.Login(user, user, new Secret(dovecot.password(user)));
        MailboxAccess.Login source = new MailboxAccess.Login(mailbox, null, null);
        CrashingLedger ledger = crashingAtTheSecondBatch();
        MigrationEngine engine = new MigrationEngine(ledger, new InMemoryCheckpoints(),
                EngineSettings.defaults().withBatches(5, 4));
        MailboxTask full = task("pair-ex-imap", exchange(ConnectionRole.SOURCE), source,
                dovecotAccess(ConnectionRole.TARGET), target, RunKind.FULL);

        assertThatThrownBy(() -> engine.run(full, ProgressListener.NONE, new StopSignal()))
                .isInstanceOf(SimulatedCrash.class);
        int atCrash = onDovecot(imap, dovecot, user).values().stream().mapToInt(List::size).sum();
        assertThat(atCrash).as("messages on the target at the crash").isBetween(1, 29);

        ledger.crashWhen((entries, before) -> false);
        MailboxOutcome resumed = engine.run(full, ProgressListener.NONE, new StopSignal());
        // the calendar item is reported as not copied, with the reason: into IMAP only mail goes
        assertThat(resumed.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
        assertThat(resumed.report().issues()).singleElement().satisfies(i -> assertThat(i.reason())
                .startsWith("not copied: calendar items cannot be written to the target IMAP server"));
        assertThat(resumed.report().verdict()).startsWith("30 of 31 source items are on the target")
                .contains("1 not copied (calendar, contact or task items the target cannot hold)");
        Map<String, List<String>> after = onDovecot(imap, dovecot, user);
        assertThat(after.get("INBOX")).as("INBOX: every message once").isEqualTo(ids("x", 0, 20));
        assertThat(after.get("Projects/Alpha")).isEqualTo(ids("x", 20, 30));
        assertThat(after).doesNotContainKey("Team Calendar"); // a calendar is no mail folder
        assertThat(imap.snapshot(user, dovecot.password(user)).get("INBOX"))
                .filteredOn(s -> s.flags().contains("\\Seen")).hasSize(7);

        // delta: new mail and a message read on Exchange
        ews.seed(mailbox, List.of("INBOX"), message("x30", 30), ItemState.NONE, T0.plusSeconds(999_999));
        ews.markRead(mailbox, "<x1@it.example>");
        MailboxTask delta = task("pair-ex-imap", exchange(ConnectionRole.SOURCE), source,
                dovecotAccess(ConnectionRole.TARGET), target, RunKind.DELTA);
        MailboxOutcome d1 = engine.run(delta, ProgressListener.NONE, new StopSignal());
        assertThat(d1.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES); // the calendar item, as above
        assertThat(onDovecot(imap, dovecot, user).get("INBOX")).isEqualTo(plus(ids("x", 0, 20), "<x30@it.example>"));
        assertThat(imap.snapshot(user, dovecot.password(user)).get("INBOX"))
                .filteredOn(s -> s.flags().contains("\\Seen")).hasSize(8);

        // Exchange forgets every sync state: a full listing, and the ledger copies nothing twice
        ews.expireSyncStates();
        ews.seed(mailbox, List.of("Projects", "Alpha"), message("x31", 31), ItemState.NONE, T0.plusSeconds(999_999));
        MailboxOutcome d2 = engine.run(delta, ProgressListener.NONE, new StopSignal());
        assertThat(d2.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES); // the calendar item, as above
        Map<String, List<String>> last = onDovecot(imap, dovecot, user);
        assertThat(last.get("INBOX")).isEqualTo(plus(ids("x", 0, 20), "<x30@it.example>"));
        assertThat(last.get("Projects/Alpha")).isEqualTo(plus(ids("x", 20, 30), "<x31@it.example>"));
    }

    @Test
    void imapToExchangeShouldResumeACrashedPassAndNeverDuplicateEvenWithoutTheLedger() throws Exception {
        String user = dovecot.newUser();
        Map<String, List<Seed>> seeds = new LinkedHashMap<>();
        List<Seed> inbox = new ArrayList<>();
        List<Seed> projects = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Set<String> flags = switch (i % 4) {
                case 0 -> Set.of("\\Seen");
                case 1 -> Set.of("\\Flagged");
                case 2 -> Set.of("\\Seen", "\\Flagged");
                default -> Set.of();
            };
            (i < 16 ? inbox : projects).add(new Seed(message("y" + i, i), flags, T0.plusSeconds(3600L * i)));
        }
        seeds.put("INBOX", inbox);
        seeds.put("Projects/2021", projects);
        imap.append(user, dovecot.password(user), seeds);
        String mailbox = "adele@contoso.example";
        ews.addMailbox(mailbox, "Adele");
        MailboxAccess.Login source = new MailboxAccess.Login(user, user, new Secret(dovecot.password(user)));
        MailboxAccess.Login target = new MailboxAccess.Login(mailbox, null, null);
        CrashingLedger ledger = crashingAtTheSecondBatch();
        MigrationEngine engine = new MigrationEngine(ledger, new InMemoryCheckpoints(),
                EngineSettings.defaults().withBatches(5, 4));
        MailboxTask full = task("pair-imap-ex", dovecotAccess(ConnectionRole.SOURCE), source,
                exchange(ConnectionRole.TARGET), target, RunKind.FULL);

        assertThatThrownBy(() -> engine.run(full, ProgressListener.NONE, new StopSignal()))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(ews.items(mailbox)).as("written before the crash").isNotEmpty().hasSizeLessThan(24);

        ledger.crashWhen((entries, before) -> false);
        ews.throttle(2, 150, "CreateItem"); // ErrorServerBusy on the resumed pass: waited out and counted
        MailboxOutcome resumed = engine.run(full, ProgressListener.NONE, new StopSignal());
        assertThat(resumed.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(resumed.report().verified()).isTrue();
        assertThat(resumed.report().throttledMillis()).as("time lost to ErrorServerBusy").isGreaterThanOrEqualTo(300);
        assertThat(onExchange(ews, mailbox).get("INBOX")).as("INBOX: every message once").isEqualTo(ids("y", 0, 16));
        assertThat(onExchange(ews, mailbox).get("Projects/2021")).isEqualTo(ids("y", 16, 24));
        for (EwsDouble.Stored s : ews.items(mailbox)) {
            int i = Integer.parseInt(s.messageId().replaceAll("\\D", ""));
            assertThat(s.draft()).as(s.messageId() + " not a draft").isFalse();
            assertThat(s.read()).as(s.messageId() + " read").isEqualTo(i % 4 == 0 || i % 4 == 2);
            assertThat(s.flagged()).as(s.messageId() + " flagged").isEqualTo(i % 4 == 1 || i % 4 == 2);
            assertThat(s.received()).as(s.messageId() + " received").isEqualTo(T0.plusSeconds(3600L * i));
            assertThat(s.stamp()).isNotNull();
        }

        // delta with a new message; then a pass whose ledger is lost: the stamps keep it from writing anything twice
        imap.append(user, dovecot.password(user), Map.of("INBOX", List.of(new Seed(message("y24", 24),
                Set.of(), T0.plusSeconds(999_999)))));
        MailboxTask delta = task("pair-imap-ex", dovecotAccess(ConnectionRole.SOURCE), source,
                exchange(ConnectionRole.TARGET), target, RunKind.DELTA);
        assertThat(engine.run(delta, ProgressListener.NONE, new StopSignal()).state())
                .isEqualTo(MailboxState.COMPLETED);
        MigrationEngine forgetful = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                EngineSettings.defaults());
        MailboxOutcome again = forgetful.run(full, ProgressListener.NONE, new StopSignal());
        assertThat(again.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(onExchange(ews, mailbox).get("INBOX")).as("INBOX after a lost ledger")
                .isEqualTo(plus(ids("y", 0, 16), "<y24@it.example>"));
        assertThat(onExchange(ews, mailbox).get("Projects/2021")).isEqualTo(ids("y", 16, 24));
    }
}
