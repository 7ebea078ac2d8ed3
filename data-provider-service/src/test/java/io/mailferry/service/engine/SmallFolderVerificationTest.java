package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Verification lists small folders whole, a worker's share in one call per side ({@code Mailbox.listWhole}: one round
 * trip on IMAP) instead of a listing each — and still proves them item by item, a connector that leaves a folder to be
 * listed alone included.
 */
class SmallFolderVerificationTest {
    private static final List<String> FOLDERS = List.of("INBOX", "F1", "F2", "F3", "F4");
    private final EngineFixture f = new EngineFixture();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    /** Runs at verification's first target listing (after its states were read), once. */
    private Runnable verifying = () -> { };
    /** Bundled listings to drop, as a lost connection does, before the next goes through. */
    private final java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();
    /** The target's answer to listsStatesApart (null: the fake's own), asked anew at each call. */
    private java.util.function.Supplier<Boolean> targetStatesApart = () -> null;

    private void seed() {
        for (String folder : FOLDERS) {
            if (!folder.equals("INBOX")) {
                f.source.addFolder(folder);
            }
            for (int i = 0; i < 2; i++) {
                f.source.add(folder, message(folder + i, "<" + folder + i + "@x>"));
            }
        }
    }

    @Test
    void smallFoldersShouldBeVerifiedWithOneListingCallPerSide() {
        seed();

        MailboxOutcome out = run(false);

        assertThat(out.report().verdict()).isEqualTo("All 10 source items are on the target.");
        List<String> v = verification();
        // the target's ids, sizes and states prove the copies: no listing with header fields
        assertThat(v).as(v.toString()).containsOnlyOnce("source listWholeStates", "target listWholeStates")
                .doesNotContain("source list", "target list", "source listStates", "target listStates",
                        "source listWhole", "target listWhole");
    }

    @Test
    void aCopyGoneFromASmallTargetFolderShouldBeFoundMissing() {
        seed();
        assertThat(run(false).state()).isEqualTo(MailboxState.COMPLETED);
        f.target.removeMessage("F2", f.target.messages("F2").get(0).uid());
        calls.clear();

        MailboxOutcome again = run(false);

        assertThat(again.report().verdict()).contains("9 of 10").contains("missing");
        assertThat(verificationOf(calls)).contains("target listWholeStates");
    }

    @Test
    void foldersTheConnectorLeavesToBeListedAloneShouldStillBeVerified() {
        seed();

        MailboxOutcome out = run(true);

        assertThat(out.report().verdict()).isEqualTo("All 10 source items are on the target.");
        List<String> v = verification();
        assertThat(v.stream().filter(c -> c.equals("source listStates"))).as(v.toString()).hasSize(FOLDERS.size());
        assertThat(v.stream().filter(c -> c.equals("target listStates"))).as(v.toString()).hasSize(FOLDERS.size());
    }

    /**
     * A connection lost during verification's bundled listing: the retry lists each folder alone (a big answer that a link keeps
     * dropping would never arrive; alone, a folder's pages halve until they do).
     */
    @Test
    void aDropDuringABundledListingShouldListEachFolderAloneOnTheRetry() {
        seed();
        drops.set(1);

        MailboxOutcome out = run(false);

        assertThat(out.report().verdict()).startsWith("All 10 source items are on the target.");
        List<String> v = verification();
        assertThat(v.stream().filter(c -> c.equals("source listStates"))).as(v.toString()).hasSize(FOLDERS.size());
    }

    /**
     * States read at verification's start go stale after a minute (ADR 0022): a bundle whose turn comes later — here
     * after a large folder listed alone took that long — verifies its folders alone, each by a state read anew,
     * rather than listing them whole by the old states.
     */
    @Test
    void aBundleWhoseStatesWentStaleShouldVerifyItsFoldersAlone() {
        seed();
        f.source.addFolder("Large");
        for (int i = 0; i < 9; i++) { // more than the fixture's page of 7: listed alone, first
            f.source.add("Large", message("L" + i, "<L" + i + "@x>"));
        }
        ProgressTrackerTest.HandClock clock = new ProgressTrackerTest.HandClock();
        f.settings = new EngineSettings(7, 3, 8L << 20, 3, java.time.Duration.ofMinutes(30),
                java.time.Duration.ZERO, java.time.Duration.ofSeconds(60), java.time.Duration.ZERO, 100,
                f.waits::add, clock, 1);
        verifying = () -> clock.millis += MigrationEngine.STATE_REUSE_MILLIS + 1;

        MailboxOutcome out = run(false);

        assertThat(out.report().verdict()).isEqualTo("All 19 source items are on the target.");
        List<String> v = verification();
        assertThat(v).as(v.toString()).doesNotContain("source listWholeStates", "target listWholeStates");
        assertThat(v.stream().filter(c -> c.equals("source listStates"))).as(v.toString())
                .hasSize(FOLDERS.size() + 2);
    }

    /**
     * A bundle is checked the way it was listed: the target's listing of states, asked once for the bundle, even if
     * the target would answer otherwise later — a MATCHED row of a bundled folder is still settled by a full listing
     * (a light page taken for a full one would have no header fields to compare, and the match would be found to differ).
     */
    @Test
    void aBundleShouldBeCheckedTheWayItWasListed() {
        seed();
        f.target.addFolder("F1");
        f.target.add("F1", message("F10", "<F10@x>")); // the same message as the source's: matched, not copied
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        targetStatesApart = () -> asked.incrementAndGet() == 1 ? null : Boolean.FALSE;

        MailboxOutcome out = run(false);

        assertThat(out.report().verdict()).isEqualTo("All 10 source items are on the target.");
        assertThat(asked.get()).as("asked for the bundle only").isEqualTo(1);
        List<String> v = verification();
        assertThat(v).as(v.toString()).containsOnlyOnce("target listWholeStates").contains("target list");
    }

    /** The calls after the copy step's last write (verification's), or all calls of a pass that wrote nothing. */
    private List<String> verification() {
        return verificationOf(calls);
    }

    private static List<String> verificationOf(List<String> calls) {
        int lastWrite = calls.lastIndexOf("target write");
        return calls.subList(lastWrite + 1, calls.size());
    }

    private MailboxOutcome run(boolean leaveAlone) {
        MailboxTask task = new MailboxTask("pair-1", new Recording(f.source, leaveAlone),
                new MailboxAccess.Login("alice@old", "alice", null), new Recording(f.target, leaveAlone),
                new MailboxAccess.Login("alice@new", "alice", null), EngineFixture.workers(1), RunKind.FULL,
                "alice@old", "alice@new", null);
        return new MigrationEngine(f.ledger, f.checkpoints, f.settings).run(task, f.listener(), new StopSignal());
    }

    /** Records each port call by side and method; with {@code leaveAlone}, listWhole leaves every folder to the caller. */
    private final class Recording implements MailboxAccess {
        private final FakeAccess fake;
        private final String side;
        private final boolean leaveAlone;

        Recording(FakeMailServer server, boolean leaveAlone) {
            this.fake = new FakeAccess(server);
            this.side = server.side().toLowerCase(java.util.Locale.ROOT);
            this.leaveAlone = leaveAlone;
        }

        private <T> T recording(Class<T> type, T real) {
            return PortProxy.of(type, real, (method, args) -> {
                calls.add(side + " " + method);
                if (method.equals("listsStatesApart") && side.equals("target")) {
                    return targetStatesApart.get();
                }
                if (method.equals("listStates") && side.equals("target") && calls.contains("target states")) {
                    verifying.run();
                    verifying = () -> { };
                }
                boolean drop = method.startsWith("listWhole") && side.equals("source")
                        && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                if (drop) {
                    throw new MailboxException(MailboxException.Kind.CONNECTION, "dropped");
                }
                return leaveAlone && method.startsWith("listWhole")
                        ? new ArrayList<>(Collections.nCopies(((List<?>) args[0]).size(), null)) : null;
            });
        }

        @Override
        public SourceMailbox openSource(Login login) throws MailboxException {
            return recording(SourceMailbox.class, fake.openSource(login));
        }

        @Override
        public TargetMailbox openTarget(Login login) throws MailboxException {
            return recording(TargetMailbox.class, fake.openTarget(login));
        }

        @Override
        public String describe() {
            return fake.describe();
        }
    }
}
