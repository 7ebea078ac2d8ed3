package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.bench.DelayProxy;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ExactCopy;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Stored;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target mailbox's password is changed in the middle of a pass (its passdb entry rewritten) and the connections
 * then drop: the reconnect is refused, so the mailbox ends FAILED saying the target rejected the login, without the
 * password; a run with the new password leaves every source message exactly once on the target.
 */
class PasswordChangeIT {
    private static final Logger log = LoggerFactory.getLogger(PasswordChangeIT.class);

    @TempDir
    Path dir;
    final DovecotServer dovecot = DovecotServer.shared();
    final ImapMailboxes imap = new ImapMailboxes(dovecot.host(), dovecot.imapPort());

    @Test
    void aPasswordChangedMidPassShouldFailTheMailboxNamingTheLoginAndTheNextRunShouldBeExact() throws Exception {
        String source = dovecot.newUser();
        String target = "changing" + System.nanoTime();
        dovecot.addUser(target, "first-password");
        Map<String, Integer> layout = new LinkedHashMap<>();
        layout.put("INBOX", 120);
        layout.put("Archiv/Grüße & Co", 80);
        imap.append(source, dovecot.password(source), CrashCorpus.build(layout, 0, "password"));
        Map<String, List<Stored>> sourceSnapshot = imap.snapshot(source, dovecot.password(source));
        long bytes = sourceSnapshot.values().stream().flatMap(List::stream).mapToLong(Stored::size).sum();
        QuickMigration.Side from = new QuickMigration.Side(dovecot.host(), dovecot.imapPort(), source,
                dovecot.password(source));

        try (QuickMigration migration = new QuickMigration(dir.resolve("data"), QuickMigration.quick());
             DelayProxy toTarget = new DelayProxy(new InetSocketAddress(dovecot.host(), dovecot.imapPort()), 0)) {
            toTarget.gate().arm(bytes / 3);
            LocalMigration.Prepared pass = migration.start(from, new QuickMigration.Side(dovecot.host(),
                    toTarget.port(), target, "first-password"));
            assertThat(toTarget.gate().awaitHeld(60_000)).as("the pass reached a third of its bytes").isTrue();
            dovecot.addUser(target, "second-password");
            toTarget.dropConnections();
            toTarget.gate().release();
            MailboxReport failed = migration.await(pass);
            log.info("pass with the password changed: {}", failed.verdict());

            assertThat(failed.state()).isEqualTo(MailboxState.FAILED);
            assertThat(failed.error()).startsWith("Target IMAP server 127.0.0.1:" + toTarget.port()
                    + " rejected the login of " + target + ": ").doesNotContain("password").doesNotContain("Exception");

            MailboxReport next = migration.pass(from, new QuickMigration.Side(dovecot.host(), toTarget.port(), target,
                    "second-password"));
            log.info("pass with the new password: {}", next.verdict());

            assertThat(next.state()).as(next.verdict()).isEqualTo(MailboxState.COMPLETED);
            assertThat(ExactCopy.differences(sourceSnapshot, imap.snapshot(target, "second-password")))
                    .as("differences between source and target").isEmpty();
        }
    }
}
