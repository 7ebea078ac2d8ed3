package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
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
import io.mailferry.service.engine.opaque.OpaqueAccess;
import io.mailferry.service.engine.opaque.OpaqueMailServer;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.interchange.ContactItem;
import io.mailferry.service.engine.port.interchange.EventItem;
import io.mailferry.service.engine.port.interchange.ICalendar;
import io.mailferry.service.engine.port.interchange.TaskItem;
import io.mailferry.service.engine.port.interchange.VCard;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Into a real IMAP server (GreenMail, written by the real IMAP connector) only mail goes (ADR 0026): from a store
 * holding every kind (the opaque store, standing in for Exchange), the mail is copied, no folder is made for the
 * calendar, contacts and tasks, and each of their items is reported as not copied with the reason naming the target,
 * on every pass; with the job's kinds set to mail only they are not part of the job at all.
 */
class KindsToImapTest {
    private static final String SOURCE = "anna@old.example";

    private final OpaqueMailServer source = new OpaqueMailServer(5);
    private GreenMail imap;

    @BeforeEach
    void seed() {
        imap = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        imap.start();
        imap.setUser("anna@new.example", "anna", "pw");
        source.seed(SOURCE, List.of("INBOX"), TestMessages.simple("hello", "<hello@x>"), ItemState.NONE,
                Instant.parse("2026-01-01T00:00:00Z"));
        source.seed(SOURCE, List.of("Calendar"), FolderClass.CALENDAR, ICalendar.write(new EventItem("u", "Review",
                Instant.parse("2026-02-02T10:00:00Z"), Instant.parse("2026-02-02T11:00:00Z"), null, false, null, null,
                null, List.of(), null, null)));
        source.seed(SOURCE, List.of("Contacts"), FolderClass.CONTACTS, VCard.write(new ContactItem("c", "Ben",
                null, null, null, null, List.of(), List.of(), List.of(), null)));
        source.seed(SOURCE, List.of("Tasks"), FolderClass.TASKS, ICalendar.write(new TaskItem("t", "Call back",
                LocalDate.parse("2026-02-03"), TaskItem.Status.NOT_STARTED, null)));
    }

    @AfterEach
    void stop() {
        imap.stop();
    }

    private MailboxOutcome run(Ledger ledger, RunKind kind, JobOptions options) {
        MailboxAccess target = new ImapMailboxAccess(new ImapSettings("127.0.0.1", imap.getImap().getPort(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null, ConnectionRole.TARGET);
        MailboxTask task = new MailboxTask("pair-imap", new OpaqueAccess(source),
                new MailboxAccess.Login(SOURCE, null, null), target,
                new MailboxAccess.Login("anna@new.example", "anna", new Secret("pw")), options, kind, SOURCE,
                "anna@new.example");
        return new MigrationEngine(ledger, new InMemoryCheckpoints(), EngineSettings.defaults())
                .run(task, ProgressListener.NONE, new StopSignal());
    }

    @Test
    void mailShouldBeCopiedAndEveryOtherItemReportedAsNotCopiedWithTheReasonOnEveryPass() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        String port = Integer.toString(imap.getImap().getPort());

        MailboxOutcome first = run(ledger, RunKind.FULL, JobOptions.defaults());
        MailboxOutcome delta = run(ledger, RunKind.DELTA, JobOptions.defaults());

        for (MailboxOutcome o : List.of(first, delta)) {
            assertThat(o.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
            assertThat(o.report().verdict()).startsWith("1 of 4 source items is on the target; 3 are not: 3 not "
                    + "copied (calendar, contact or task items the target cannot hold).");
            assertThat(o.report().issues()).extracting(ItemIssue::outcome).containsOnly(ItemOutcome.SKIPPED);
            assertThat(o.report().issues()).extracting(ItemIssue::reason).containsExactlyInAnyOrder(
                    "not copied: calendar items cannot be written to the target IMAP server 127.0.0.1:" + port,
                    "not copied: contacts cannot be written to the target IMAP server 127.0.0.1:" + port,
                    "not copied: tasks cannot be written to the target IMAP server 127.0.0.1:" + port);
        }
        assertThat(delta.report().itemsCopied()).isZero();
        assertThat(imap.getReceivedMessages()).hasSize(1);
        assertThat(GreenMailUtil.getBody(imap.getReceivedMessages()[0])).contains("hello");
        var store = imap.getManagers().getImapHostManager().getStore();
        assertThat(store.listMailboxes("*").stream().map(f -> f.getName()).toList())
                .doesNotContain("Calendar", "Contacts", "Tasks");
    }

    @Test
    void withMailOnlyTheOtherKindsShouldNotBePartOfTheJob() {
        MailboxOutcome o = run(new InMemoryLedger(), RunKind.FULL, new JobOptions(null,
                FolderFilter.all().withKinds(Set.of(FolderClass.MAIL)), null, null, null, null, null, null, null,
                null));

        assertThat(o.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(o.report().verdict()).startsWith("The 1 source item is on the target.");
        assertThat(o.report().issues()).isEmpty();
    }
}
