package io.mailferry.service.engine;

import io.mailferry.service.engine.fake.FakeMailServer;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A folder's first source page is listed while the target side is read ({@link SourcePageAhead}): the copy reads the
 * target folder's state (duplicate check) beside it, verification lists the target folder beside it, so one worker's
 * two connections each wait for their own round trip at the same time. Proven by a rendezvous of the two calls (each
 * waits until the other has begun), not by timing.
 */
class SourcePageAheadTest {
    /** A page that must not be listed again: it was listed ahead. */
    private static final SourcePageAhead.Again NOT_AGAIN = () -> {
        throw new AssertionError("listed again");
    };
    private final EngineFixture f = new EngineFixture();
    private final Set<String> copied = ConcurrentHashMap.newKeySet();
    private SourceMailbox source;
    private TargetMailbox target;
    private MailFolder inbox;
    private FolderState state;
    private ExecutorService pool;

    private void seed() {
        f.source.addFolder("Sent");
        for (int i = 0; i < 5; i++) {
            f.source.add("INBOX", message("a" + i, "<a" + i + "@x>"));
            f.source.add("Sent", message("b" + i, "<b" + i + "@x>"));
        }
        f.target.hook((point, folder) -> {
            if (point.equals("append")) {
                copied.add(folder);
            }
        });
    }

    @Test
    void theSourceShouldBeListedWhileTheTargetIsBeingListed() {
        // the copy step never lists the (empty) target, and lists a source folder before its first append: the
        // listings below are verification's, of INBOX
        assertMeet("list", true, "list");
    }

    @Test
    void theCopyShouldReadTheTargetFoldersStateWhileTheSourceIsBeingListed() {
        // before INBOX's first append: the copy's listing of INBOX and its read of the target folder's state
        assertMeet("list", false, "state");
    }

    /**
     * Runs a pass in which INBOX's source call {@code sourcePoint} and target call {@code targetPoint} (made after
     * INBOX's first append, or before it) each wait until the other has begun, and checks that they met.
     */
    private void assertMeet(String sourcePoint, boolean afterCopy, String targetPoint) {
        seed();
        CountDownLatch sourceCall = new CountDownLatch(1);
        CountDownLatch targetCall = new CountDownLatch(1);
        AtomicBoolean together = new AtomicBoolean(true);
        f.source.hook((point, folder) -> {
            if (FakeMailServer.asListing(point).equals(sourcePoint) && copied.contains("INBOX") == afterCopy && folder.equals("INBOX")) {
                sourceCall.countDown();
                meet(targetCall, together);
            }
        });
        f.target.hook((point, folder) -> {
            if (point.equals("append")) {
                copied.add(folder);
            } else if (FakeMailServer.asListing(point).equals(targetPoint) && copied.contains("INBOX") == afterCopy && folder.equals("INBOX")) {
                targetCall.countDown();
                meet(sourceCall, together);
            }
        });

        MailboxOutcome out = f.run(EngineFixture.workers(1));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(sourceCall.getCount()).as("source " + sourcePoint).isZero();
        assertThat(targetCall.getCount()).as("target " + targetPoint).isZero();
        assertThat(together).as("each call began while the other one was under way").isTrue();
        assertThat(f.target.messages("INBOX")).hasSize(5);
    }

    @Test
    void aSourceFolderThatCannotBeListedShouldBeReportedUnverifiedAndTheOthersVerified() {
        seed();
        AtomicInteger refused = new AtomicInteger();
        f.source.hook((point, folder) -> {
            if (FakeMailServer.asListing(point).equals("list") && copied.contains("Sent") && folder.equals("Sent")) {
                refused.incrementAndGet();
                throw new MailboxException(MailboxException.Kind.ITEM, "Folder Sent is locked.");
            }
        });

        MailboxOutcome out = f.run(EngineFixture.workers(1));

        assertThat(refused.get()).as("verification's listing of Sent was refused").isPositive();
        assertThat(f.target.messages("Sent")).hasSize(5);
        assertThat(out.report().issues()).anySatisfy(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.MISSING);
            assertThat(i.reason()).contains("Folder not verified").contains("Folder Sent is locked.");
        });
        assertThat(out.report().issues()).noneSatisfy(i -> assertThat(i.folder()).isEqualTo("INBOX"));
    }

    /**
     * Whatever the target side throws — a lost connection, an Error — the call returns only once the source listing
     * is over: the retry that follows may reopen the sessions, and none may still be in use then. The page it listed
     * is kept for that retry, which then reads the target side alone.
     */
    @Test
    void aFailureOnTheTargetSideShouldWaitForTheSourceListingAndKeepItsPage() throws Exception {
        openDirectly();
        try {
            for (Throwable thrown : List.of(new MailboxException(MailboxException.Kind.CONNECTION, "dropped"),
                    new OutOfMemoryError("test"))) {
                CountDownLatch targetFailed = new CountDownLatch(1);
                AtomicBoolean listingOver = new AtomicBoolean();
                AtomicInteger listings = new AtomicInteger();
                f.source.hook((point, folder) -> {
                    if (FakeMailServer.asListing(point).equals("list")) {
                        listings.incrementAndGet();
                        try {
                            targetFailed.await(10, TimeUnit.SECONDS);
                            Thread.sleep(200); // a listing still under way when the target side has failed
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        listingOver.set(true);
                    }
                });
                SourcePageAhead first = new SourcePageAhead(pool::submit, inbox, 10, state);

                Throwable caught = catchThrowable(() -> first.readBeside(source, target, t -> {
                    targetFailed.countDown();
                    if (thrown instanceof MailboxException m) {
                        throw m;
                    }
                    throw (Error) thrown;
                }));

                assertThat(caught).isSameAs(thrown);
                assertThat(listingOver).as("source listing over when " + thrown + " came out").isTrue();
                assertThat(first.<String>readBeside(source, target, t -> "target read again"))
                        .isEqualTo("target read again");
                assertThat(first.page(() -> {
                    throw new AssertionError("listed again");
                }).items()).hasSize(1);
                assertThat(listings).as("the page listed once, kept across the retry").hasValue(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Both sides failing: the target side's failure is thrown, with the listing's kept in it for the log. */
    @Test
    void aFailureOnBothSidesShouldThrowTheTargetsWithTheSourcesInIt() throws Exception {
        openDirectly();
        try {
            MailboxException listingFailed = new MailboxException(MailboxException.Kind.CONNECTION, "source dropped");
            f.source.hook((point, folder) -> {
                if (FakeMailServer.asListing(point).equals("list")) {
                    throw listingFailed;
                }
            });
            SourcePageAhead both = new SourcePageAhead(pool::submit, inbox, 10, state);
            MailboxException targetFailed = new MailboxException(MailboxException.Kind.CONNECTION, "target dropped");

            Throwable caught = catchThrowable(() -> both.readBeside(source, target, t -> {
                throw targetFailed;
            }));

            assertThat(caught).isSameAs(targetFailed);
            assertThat(caught.getSuppressed()).containsExactly(listingFailed);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * A source listing that lost its connection leaves the target side's result to the caller; the page is listed
     * again (through the caller's retries) when it is asked for. A failure of the folder alone is met there.
     */
    @Test
    void aFailureOnTheSourceSideShouldKeepTheTargetSidesResult() throws Exception {
        openDirectly();
        try {
            f.source.hook((point, folder) -> {
                if (FakeMailServer.asListing(point).equals("list")) {
                    throw new MailboxException(MailboxException.Kind.CONNECTION, "dropped");
                }
            });
            SourcePageAhead dropped = new SourcePageAhead(pool::submit, inbox, 10, state);
            AtomicInteger again = new AtomicInteger();

            assertThat(dropped.<String>readBeside(source, target, t -> "target read")).isEqualTo("target read");
            f.source.hook((point, folder) -> { });
            assertThat(dropped.page(() -> {
                again.incrementAndGet(); // as the caller's retry would: on a new connection
                return new FakeAccess(f.source).openSource(new MailboxAccess.Login("anna", null, null))
                        .list(inbox, null, 10, state);
            }).items()).hasSize(1);
            assertThat(again).hasValue(1);

            f.source.hook((point, folder) -> {
                if (FakeMailServer.asListing(point).equals("list")) {
                    throw new MailboxException(MailboxException.Kind.ITEM, "Folder INBOX is locked.");
                }
            });
            SourcePageAhead locked = new SourcePageAhead(pool::submit, inbox, 10, state);
            SourceMailbox reopened = new FakeAccess(f.source).openSource(new MailboxAccess.Login("anna", null, null));
            assertThat(locked.<String>readBeside(reopened, target, t -> "target read")).isEqualTo("target read");
            assertThat(catchThrowable(() -> locked.page(NOT_AGAIN))).hasMessage("Folder INBOX is locked.");
        } finally {
            pool.shutdown();
        }
    }

    /**
     * While the target side is still under way (verification listing a target folder of several pages), the source
     * side goes on with the pages after the first, at most as many as asked, and hands them out in order; a page
     * asked out of order, or one not listed ahead, is listed again.
     */
    @Test
    void pagesAfterTheFirstShouldBeListedWhileTheTargetSideGoesOn() throws Exception {
        openDirectly(7); // pages of 2: a0 a1 | a2 a3 | a4 a5 | a6
        try {
            CountDownLatch threeListed = new CountDownLatch(3);
            AtomicInteger listings = new AtomicInteger();
            f.source.hook((point, folder) -> {
                if (FakeMailServer.asListing(point).equals("list")) {
                    listings.incrementAndGet();
                    threeListed.countDown();
                }
            });
            SourcePageAhead ahead = new SourcePageAhead(pool::submit, inbox, 2, state, 2);

            assertThat(ahead.<Boolean>readBeside(source, target, t -> EngineFixture.awaited(threeListed)))
                    .as("the target side saw three source pages listed while it went on").isTrue();
            Page<ItemRef> first = ahead.page(NOT_AGAIN);
            Page<ItemRef> second = ahead.after(first.nextCursor(), NOT_AGAIN);
            Page<ItemRef> third = ahead.after(second.nextCursor(), NOT_AGAIN);
            AtomicInteger again = new AtomicInteger();
            Page<ItemRef> fourth = ahead.after(third.nextCursor(), () -> {
                again.incrementAndGet(); // past the two pages ahead: listed by the caller
                return source.list(inbox, third.nextCursor(), 2, state);
            });

            assertThat(List.of(first, second, third, fourth)).extracting(p -> p.items().stream()
                    .map(ItemRef::subject).toList()).containsExactly(List.of("a0", "a1"), List.of("a2", "a3"),
                            List.of("a4", "a5"), List.of("a6"));
            assertThat(fourth.nextCursor()).isNull();
            assertThat(again).hasValue(1);
            assertThat(listings).as("the first page and two ahead, then the last by the caller").hasValue(4);
        } finally {
            pool.shutdown();
        }
    }

    /** A target side that is over before the first page stops the source side after it. */
    @Test
    void noPageAfterTheFirstShouldBeListedOnceTheTargetSideIsOver() throws Exception {
        openDirectly(7);
        try {
            CountDownLatch targetOver = new CountDownLatch(1);
            AtomicInteger listings = new AtomicInteger();
            f.source.hook((point, folder) -> {
                if (FakeMailServer.asListing(point).equals("list")) {
                    listings.incrementAndGet();
                    try {
                        targetOver.await(10, TimeUnit.SECONDS);
                        Thread.sleep(100); // past the moment the call marks the target side over
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            SourcePageAhead ahead = new SourcePageAhead(pool::submit, inbox, 2, state, 3);

            ahead.<String>readBeside(source, target, t -> {
                targetOver.countDown();
                return "state read";
            });

            assertThat(listings).as("the first page only").hasValue(1);
            f.source.hook((point, folder) -> { });
            String cursor = ahead.page(NOT_AGAIN).nextCursor();
            assertThat(ahead.after(cursor, () -> source.list(inbox, cursor, 2, state)).items())
                    .extracting(ItemRef::subject).containsExactly("a2", "a3");
        } finally {
            pool.shutdown();
        }
    }

    /** A page after the first that fails to list is listed again when asked for; the first page stands. */
    @Test
    void aLaterPageThatFailsShouldBeListedAgainWhenAskedFor() throws Exception {
        openDirectly(7);
        try {
            AtomicInteger listings = new AtomicInteger();
            CountDownLatch secondTried = new CountDownLatch(1);
            f.source.hook((point, folder) -> {
                if (FakeMailServer.asListing(point).equals("list") && listings.incrementAndGet() == 2) {
                    secondTried.countDown();
                    throw new MailboxException(MailboxException.Kind.CONNECTION, "dropped");
                }
            });
            SourcePageAhead ahead = new SourcePageAhead(pool::submit, inbox, 2, state, 3);

            ahead.<Boolean>readBeside(source, target, t -> EngineFixture.awaited(secondTried));
            Page<ItemRef> first = ahead.page(NOT_AGAIN);
            AtomicInteger again = new AtomicInteger();
            Page<ItemRef> second = ahead.after(first.nextCursor(), () -> {
                again.incrementAndGet(); // as the caller's retry would: on a new connection (the drop closed it)
                return new FakeAccess(f.source).openSource(new MailboxAccess.Login("anna", null, null))
                        .list(inbox, first.nextCursor(), 2, state);
            });

            assertThat(first.items()).extracting(ItemRef::subject).containsExactly("a0", "a1");
            assertThat(second.items()).extracting(ItemRef::subject).containsExactly("a2", "a3");
            assertThat(again).hasValue(1);
        } finally {
            pool.shutdown();
        }
    }

    /** One source message, a session on each side, INBOX's state and the listing threads, for the direct tests. */
    private void openDirectly() throws MailboxException {
        f.source.add("INBOX", message("a", "<a@x>"));
        openSessions();
    }

    /** {@code n} source messages a0, a1, … (their subjects), a session on each side, INBOX's state, the threads. */
    private void openDirectly(int n) throws MailboxException {
        for (int i = 0; i < n; i++) {
            f.source.add("INBOX", message("a" + i, "<a" + i + "@x>"));
        }
        openSessions();
    }

    @Test
    void aPassShouldListAheadOnTheEnginesHelperThreadsUnderItsStepsName() {
        seed();
        for (int i = 5; i < 10; i++) { // more than a page (7): verification lists INBOX beside the target, not whole
            f.source.add("INBOX", message("a" + i, "<a" + i + "@x>"));
        }
        Set<String> copyStep = ConcurrentHashMap.newKeySet();
        Set<String> verification = ConcurrentHashMap.newKeySet();
        f.source.hook((point, folder) -> {
            if (FakeMailServer.asListing(point).equals("list") && folder.equals("INBOX")) {
                (copied.contains("INBOX") ? verification : copyStep).add(Thread.currentThread().getName());
            }
        });

        MailboxOutcome out = f.run(EngineFixture.workers(1));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        // INBOX's first page, listed beside the target side in each step, on a helper thread named for the step (the
        // second page on the worker's own)
        assertThat(copyStep).contains("mailferry-pair-1-list");
        assertThat(verification).contains("mailferry-pair-1-verify");
        Thread[] helpers = new Thread[Thread.activeCount() + 8];
        int n = Thread.enumerate(helpers);
        assertThat(Arrays.stream(helpers, 0, n).map(Thread::getName))
                .as("the helper threads have their own names back").noneMatch(name -> name.startsWith("mailferry-pair-1-"));
    }

    private void openSessions() throws MailboxException {
        source = new FakeAccess(f.source).openSource(new MailboxAccess.Login("anna", null, null));
        target = new FakeAccess(f.target).openTarget(new MailboxAccess.Login("anna", null, null));
        inbox = source.folders().get(0);
        state = source.state(inbox);
        pool = Executors.newCachedThreadPool();
    }

    private static void meet(CountDownLatch other, AtomicBoolean together) {
        try {
            together.compareAndSet(true, other.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            together.set(false);
        }
    }
}
