package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.Messages;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A folder whose verification finds items missing loses its checkpoint, so the next pass lists it in full: a delta
 * that read only the changes since the checkpoint would never come back to an item that went missing without a
 * change on the source.
 */
class CheckpointForgottenTest {
    private final EngineFixture f = new EngineFixture();

    private static byte[] message(String subject, int bodyBytes) {
        return (Messages.message(subject, "<" + subject + "@x>") + "x".repeat(bodyBytes))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The fake target with a size limit of its own, which the test changes between passes. */
    private MailboxAccess limitedTarget(AtomicLong limit) {
        FakeAccess real = new FakeAccess(f.target);
        return new MailboxAccess() {
            @Override
            public SourceMailbox openSource(Login login) throws MailboxException {
                return real.openSource(login);
            }

            @Override
            public TargetMailbox openTarget(Login login) throws MailboxException {
                TargetMailbox t = real.openTarget(login);
                return PortProxy.of(TargetMailbox.class, t, (method, args) -> method.equals("capabilities")
                        ? new Capabilities(limit.get(), true, false, false, Set.of(ItemKind.MESSAGE),
                                new FolderNameRules(f.target.caseSensitive(), Set.of(), ""), true)
                        : null);
            }

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public int sessionsPerMailbox() {
                return real.sessionsPerMailbox();
            }
        };
    }

    private MailboxReport delta(MailboxAccess target) {
        MailboxTask task = new MailboxTask("pair-1", new FakeAccess(f.source),
                new MailboxAccess.Login("alice@old", "alice", null), target,
                new MailboxAccess.Login("alice@new", "alice", null), JobOptions.defaults(), RunKind.DELTA,
                "alice@old", "alice@new", null);
        return new MigrationEngine(f.ledger, f.checkpoints, f.settings).run(task, f.listener(), new StopSignal())
                .report();
    }

    /**
     * The target's own size limit skips a large item (the folder is clean: skipped is not missing) and the limit then
     * grows (a Microsoft 365 connection switched from the Graph write path to IMAP). The next delta finds the item
     * missing — the source did not change, so the copy step read no change — and forgets the checkpoint; the one after
     * copies it.
     */
    @Test
    void anItemMissingWithoutAChangeOnTheSourceShouldBeCopiedByThePassAfterTheOneThatFoundIt() {
        f.source.condstore(true);
        f.source.add("INBOX", message("small", 10), Instant.parse("2024-01-01T00:00:00Z"));
        f.source.add("INBOX", message("big", 5000), Instant.parse("2024-01-01T00:00:00Z"));
        AtomicLong limit = new AtomicLong(2000);
        MailboxAccess target = limitedTarget(limit);
        assertThat(delta(target).verdict()).contains("too large");
        assertThat(f.checkpoints.get("pair-1", "INBOX")).as("a clean folder's checkpoint").isNotNull();
        limit.set(0); // the target now takes any size

        MailboxReport found = delta(target);

        assertThat(found.verdict()).contains("1 missing");
        assertThat(f.checkpoints.get("pair-1", "INBOX")).as("forgotten").isNull();
        MailboxReport next = delta(target);
        assertThat(next.itemsCopied()).isEqualTo(1);
        assertThat(next.verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactlyInAnyOrder("small", "big");
        assertThat(f.checkpoints.get("pair-1", "INBOX")).as("clean again").isNotNull();
    }

    /**
     * Mail that arrives after the copy step read the folder's changes and before verification lists it is missing too,
     * but it has no row: the checkpoint stays, and the next delta's changes since it bring the newcomer.
     */
    @Test
    void mailArrivingBeforeVerificationShouldLeaveTheCheckpointForTheNextDeltasChanges() {
        f.source.condstore(true);
        f.addMessage("INBOX", "a");
        f.run();
        String token = f.checkpoints.get("pair-1", "INBOX").token();
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean(true);
        f.source.hook((point, folder) -> {
            if (point.equals("listStates") && "INBOX".equals(folder) && once.compareAndSet(true, false)) {
                f.addMessage("INBOX", "late"); // an old date, as mail moved in from another folder has
            }
        });

        MailboxReport found = delta(new FakeAccess(f.target));

        assertThat(found.verdict()).contains("1 missing");
        assertThat(f.checkpoints.get("pair-1", "INBOX")).as("kept").isNotNull()
                .satisfies(cp -> assertThat(cp.token()).isEqualTo(token));
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        f.source.hook((point, folder) -> calls.add(point));
        MailboxReport next = delta(new FakeAccess(f.target));
        assertThat(next.itemsCopied()).isEqualTo(1);
        assertThat(calls).as("the changes since the checkpoint, not a full listing for copying").contains("changes");
        assertThat(f.targetSubjects("INBOX")).containsExactlyInAnyOrder("a", "late");
    }

    /**
     * An item missing without a ledger row that the changes since the checkpoint do not hold is not mail that arrived
     * after the copy step read the folder: no change will ever bring it (here its row and its copy were lost together;
     * it was received just now, so its date proves nothing), so the checkpoint goes and the next pass copies it.
     */
    @Test
    void anItemMissingWithoutARowThatNoChangeWillBringShouldCostTheCheckpoint() {
        f.source.condstore(true);
        f.target.condstore(true);
        f.addMessage("INBOX", "a");
        f.source.add("INBOX", message("b", 10), Instant.now());
        f.run();
        assertThat(f.checkpoints.get("pair-1", "INBOX")).isNotNull();
        f.ledger.remove(f.ledger.entriesOf("pair-1", "INBOX").stream()
                .filter(e -> e.dedupKey().contains("<b@x>")).toList());
        f.target.removeMessage("INBOX", f.onTarget("INBOX", "b").uid());

        MailboxReport found = delta(new FakeAccess(f.target));

        assertThat(found.verdict()).contains("1 missing");
        assertThat(f.checkpoints.get("pair-1", "INBOX")).as("forgotten").isNull();
        MailboxReport next = delta(new FakeAccess(f.target));
        assertThat(next.itemsCopied()).isEqualTo(1);
        assertThat(f.targetSubjects("INBOX")).containsExactlyInAnyOrder("a", "b");
    }

    /**
     * The question whether the changes bring a missing item back fails: a failure of its own (a folder the source
     * cannot read changes of) only costs the checkpoint; one that ends the pass (the mailbox refused) ends it.
     */
    @Test
    void aFailedQuestionAboutTheChangesShouldCostTheCheckpointOrEndThePass() {
        f.source.condstore(true);
        f.target.condstore(true);
        f.addMessage("INBOX", "a");
        f.addMessage("INBOX", "b");
        f.run();
        f.ledger.remove(f.ledger.entriesOf("pair-1", "INBOX").stream()
                .filter(e -> e.dedupKey().contains("<b@x>")).toList());
        f.target.removeMessage("INBOX", f.onTarget("INBOX", "b").uid());
        f.source.hook((point, folder) -> {
            if (point.equals("changes")) {
                throw new MailboxException(MailboxException.Kind.FATAL, "Source refused the login: account disabled");
            }
        });
        MailboxReport ended = delta(new FakeAccess(f.target));
        assertThat(ended.state()).isEqualTo(io.mailferry.model.mailbox.MailboxState.FAILED);
        assertThat(ended.error()).contains("account disabled");

        f.source.hook((point, folder) -> {
            if (point.equals("changes")) {
                throw new MailboxException(MailboxException.Kind.ITEM, "Source cannot tell the changes of INBOX");
            }
        });
        assertThat(delta(new FakeAccess(f.target)).verdict()).contains("1 missing");
        assertThat(f.checkpoints.get("pair-1", "INBOX")).as("forgotten").isNull();
    }
}
