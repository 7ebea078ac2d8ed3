package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.bench.ConnectionDrops;
import io.mailferry.service.bench.DelayProxy;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ExactCopy;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import io.mailferry.service.testing.ImapMailboxes.Stored;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code migrate} pass through two proxies that cut the source's and the target's connections at random instants
 * (seeded; a cut every few dozen kilobytes and within a second of idling), hundreds of times over the run, while new
 * mail arrives between rounds: each pass either rides the cuts out (and its report says how often it reconnected) or
 * ends FAILED with a sentence naming the side that dropped; each round runs until a pass completes, and the run ends
 * with every source message exactly once on the target, byte for byte, with its flags and INTERNALDATE.
 */
class DroppedConnectionsIT {
    private static final Logger log = LoggerFactory.getLogger(DroppedConnectionsIT.class);
    private static final long SEED = Long.getLong("mailferry.faults.seed", System.nanoTime());
    private static final long MEAN_BYTES = Long.getLong("mailferry.faults.meanBytes", 48_000);
    private static final long MEAN_MILLIS = Long.getLong("mailferry.faults.meanMillis", 600);
    private static final int MIN_DROPS = 250;
    /** Passes in a row that may copy nothing before the run counts as stuck. */
    private static final int STUCK = 10;

    @TempDir
    Path dir;
    final DovecotServer dovecot = DovecotServer.shared();
    final ImapMailboxes imap = new ImapMailboxes(dovecot.host(), dovecot.imapPort());

    @Test
    void hundredsOfDroppedConnectionsShouldEndExactWithEveryFailureNamingItsSide() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        Map<String, Integer> layout = new LinkedHashMap<>();
        layout.put("INBOX", 160);
        layout.put("Projects/2024 Q1", 100);
        layout.put("Archiv/Grüße & Co", 60);
        imap.append(source, dovecot.password(source), CrashCorpus.smallOnly(CrashCorpus.build(layout, 0, "drops")));
        InetSocketAddress server = new InetSocketAddress(dovecot.host(), dovecot.imapPort());
        List<MailboxReport> passes = new ArrayList<>();
        log.info("seed {} (-Dmailferry.faults.seed={} replays the draws)", SEED, SEED);

        try (DelayProxy sourceProxy = new DelayProxy(server, 0, ConnectionDrops.random(SEED, MEAN_BYTES, MEAN_MILLIS));
             DelayProxy targetProxy = new DelayProxy(server, 0,
                     ConnectionDrops.random(SEED + 1, MEAN_BYTES, MEAN_MILLIS));
             QuickMigration migration = new QuickMigration(dir.resolve("data"), QuickMigration.quick())) {
            QuickMigration.Side from = new QuickMigration.Side(dovecot.host(), sourceProxy.port(), source,
                    dovecot.password(source));
            QuickMigration.Side to = new QuickMigration.Side(dovecot.host(), targetProxy.port(), target,
                    dovecot.password(target));
            long started = System.nanoTime();
            // rounds until enough drops: new mail arrives between rounds, and each round runs until a pass completes
            for (int round = 1; round == 1 || drops(sourceProxy, targetProxy) < MIN_DROPS; round++) {
                if (round > 1) {
                    imap.append(source, dovecot.password(source), CrashCorpus.smallOnly(CrashCorpus.build(
                            Map.of("INBOX", 40), 1000 * round, "drops-round-" + round)));
                }
                int first = passes.size();
                while (passes.size() == first || passes.get(passes.size() - 1).state() != MailboxState.COMPLETED) {
                    List<MailboxReport> recent = passes.subList(Math.max(first, passes.size() - STUCK), passes.size());
                    assertThat(recent.size() < STUCK || recent.stream().anyMatch(r -> r.itemsCopied() > 0))
                            .as("%d passes in a row copied nothing", STUCK).isTrue();
                    MailboxReport report = migration.pass(from, to);
                    log.info("round {}, pass {}: {} after {} + {} drops of {} + {} connections, {} reconnects; {}",
                            round, passes.size() + 1, report.state(), sourceProxy.drops().drops(),
                            targetProxy.drops().drops(), sourceProxy.drops().connections(),
                            targetProxy.drops().connections(), report.reconnects(), report.verdict());
                    passes.add(report);
                }
            }
            Map<String, List<Stored>> sourceSnapshot = imap.snapshot(source, dovecot.password(source));
            int total = ExactCopy.count(sourceSnapshot);
            int drops = drops(sourceProxy, targetProxy);
            log.info("{} messages, {} passes, {} drops ({} on the source side, {} on the target side) in {} ms",
                    total, passes.size(), drops, sourceProxy.drops().drops(), targetProxy.drops().drops(),
                    (System.nanoTime() - started) / 1_000_000);

            assertThat(drops).as("connections cut over the run").isGreaterThanOrEqualTo(MIN_DROPS);
            for (MailboxReport r : passes.stream().filter(r -> r.state() != MailboxState.COMPLETED).toList()) {
                assertThat(r.state()).as(r.verdict()).isEqualTo(MailboxState.FAILED);
                assertThat(r.error()).as("a failed pass names the side and the cause")
                        .matches("(Source|Target) IMAP server 127\\.0\\.0\\.1:\\d+ .*(closed the connection|did not "
                                + "answer in time).*")
                        .doesNotContain("internal error").doesNotContain("Exception");
            }
            MailboxReport last = passes.get(passes.size() - 1);
            assertThat(last.verdict()).startsWith(String.format("All %d source items are on the target.", total));
            assertThat(passes).as("a pass that rode out drops says so").anyMatch(r -> r.state()
                    == MailboxState.COMPLETED && r.reconnects() > 0 && r.verdict().contains("Connections were lost"));
            assertThat(ExactCopy.differences(sourceSnapshot, imap.snapshot(target, dovecot.password(target))))
                    .as("differences between source and target").isEmpty();

            sourceProxy.drops().pause();
            targetProxy.drops().pause();
            MailboxReport again = migration.pass(from, to);
            assertThat(again.state()).isEqualTo(MailboxState.COMPLETED);
            assertThat(again.itemsCopied()).as("a pass without drops afterwards copies nothing").isZero();
        }
    }

    private static int drops(DelayProxy source, DelayProxy target) {
        return source.drops().drops() + target.drops().drops();
    }
}
