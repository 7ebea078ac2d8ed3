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
 * The target server dies mid-pass (Dovecot and all its processes killed with SIGKILL while an append is on the wire)
 * and stays down: the pass ends FAILED with the sentence an admin acts on — the target refused the connection — and,
 * once the server is back, the next run leaves every source message exactly once on the target.
 */
class TargetRestartIT {
    private static final Logger log = LoggerFactory.getLogger(TargetRestartIT.class);

    @TempDir
    Path dir;
    final DovecotServer sourceServer = DovecotServer.shared();
    final ImapMailboxes sourceImap = new ImapMailboxes(sourceServer.host(), sourceServer.imapPort());

    @Test
    void aTargetKilledMidPassShouldBeNamedAndTheRunAfterItsRestartShouldBeExact() throws Exception {
        String source = sourceServer.newUser();
        Map<String, Integer> layout = new LinkedHashMap<>();
        layout.put("INBOX", 120);
        layout.put("Projects/2024 Q1", 80);
        sourceImap.append(source, sourceServer.password(source), CrashCorpus.build(layout, 0, "restart"));
        Map<String, List<Stored>> sourceSnapshot = sourceImap.snapshot(source, sourceServer.password(source));
        long bytes = sourceSnapshot.values().stream().flatMap(List::stream).mapToLong(Stored::size).sum();
        QuickMigration.Side from = new QuickMigration.Side(sourceServer.host(), sourceServer.imapPort(), source,
                sourceServer.password(source));

        try (DovecotServer targetServer = DovecotServer.start();
             QuickMigration migration = new QuickMigration(dir.resolve("data"), QuickMigration.quick())) {
            String target = targetServer.newUser();
            MailboxReport failed;
            // the proxy holds the pass in the middle of an append whatever the machine's speed; it then goes away with
            // the server, so reconnects meet what a dead server's address gives: a refused connection (the pass is
            // held until then: it cannot end before the kill)
            try (DelayProxy toTarget = new DelayProxy(new InetSocketAddress(targetServer.host(),
                    targetServer.imapPort()), 0)) {
                toTarget.gate().arm(bytes / 3);
                LocalMigration.Prepared pass = migration.start(from, new QuickMigration.Side(targetServer.host(),
                        toTarget.port(), target, targetServer.password(target)));
                assertThat(toTarget.gate().awaitHeld(60_000)).as("the pass reached a third of its bytes").isTrue();
                // the address goes first, so that no reconnect can reach the proxy while the server dies
                toTarget.close();
                toTarget.gate().release();
                targetServer.kill9();
                failed = migration.await(pass);
            }
            log.info("pass with the target killed: {}", failed.verdict());
            assertThat(failed.state()).isEqualTo(MailboxState.FAILED);
            assertThat(failed.error()).matches("Target IMAP server 127\\.0\\.0\\.1:\\d+ refused the connection: "
                    + "nothing listens on that port or the network is unreachable\\.");
            assertThat(failed.verdict()).contains("Mailferry had tried to reconnect");

            targetServer.restart();
            QuickMigration.Side to = new QuickMigration.Side(targetServer.host(), targetServer.imapPort(), target,
                    targetServer.password(target));
            MailboxReport next = migration.pass(from, to);
            log.info("pass after the restart: {}", next.verdict());

            assertThat(next.state()).as(next.verdict()).isEqualTo(MailboxState.COMPLETED);
            ImapMailboxes targetImap = new ImapMailboxes(targetServer.host(), targetServer.imapPort());
            assertThat(ExactCopy.differences(sourceSnapshot, targetImap.snapshot(target, targetServer.password(target))))
                    .as("differences between source and target").isEmpty();
        }
    }
}
