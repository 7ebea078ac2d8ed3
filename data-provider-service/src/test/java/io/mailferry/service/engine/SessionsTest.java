package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.testing.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A pass's sessions log in to both sides at once, and keep no session of a side when the other side fails first. */
class SessionsTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private final FakeMailServer source = FakeMailServer.source();
    private final FakeMailServer target = FakeMailServer.target();
    private final AtomicBoolean targetClosed = new AtomicBoolean();

    @Test
    void openShouldLogInToBothSidesAtOnce() throws Exception {
        CountDownLatch sourceLoggingIn = new CountDownLatch(1);
        CountDownLatch targetLoggingIn = new CountDownLatch(1);
        // each side's login waits until the other's has begun: one after the other, the first would never end
        Sessions sessions = new Sessions(task(new Access(source, sourceLoggingIn, targetLoggingIn),
                new Access(target, targetLoggingIn, sourceLoggingIn)));

        sessions.open();

        assertThat(sessions.source()).isNotNull();
        assertThat(sessions.target()).isNotNull();
        assertThat(source.opens() + target.opens()).isEqualTo(2);
        sessions.close();
    }

    @Test
    void sourceRefusedShouldThrowItsFailureAndCloseTheTargetSession() throws Exception {
        source.refuseLogin("wrong password");
        Sessions sessions = new Sessions(task(new FakeAccess(source), new Access(target, null, null)));

        assertThatThrownBy(sessions::open).isInstanceOf(MailboxException.class)
                .hasMessageContaining("refused the login: wrong password");

        Await.until("the target's session closed", LONG, targetClosed::get);
        assertThat(sessions.source()).isNull();
        assertThat(sessions.target()).isNull();
    }

    @Test
    void bothRefusedShouldThrowTheSourceFailure() {
        source.refuseLogin("source says no");
        target.refuseLogin("target says no");
        Sessions sessions = new Sessions(task(new FakeAccess(source), new FakeAccess(target)));

        assertThatThrownBy(sessions::open).hasMessageContaining("source says no");
    }

    @Test
    void targetRefusedShouldThrowItsFailureAndKeepTheSourceSession() throws Exception {
        target.refuseLogin("target says no");
        Sessions sessions = new Sessions(task(new FakeAccess(source), new FakeAccess(target)));

        assertThatThrownBy(sessions::open).hasMessageContaining("target says no");

        assertThat(sessions.source()).as("open again, only the target logs in again").isNotNull();
        target.refuseLogin(null);
        sessions.open();
        assertThat(source.opens()).isEqualTo(1);
        assertThat(target.opens()).isEqualTo(2);
        sessions.close();
    }

    /**
     * A polite logout waits a round trip for the server's answer: the four sessions of a pass's two workers are
     * closed at once, each close below waiting until all four have begun (one after the other, the first would wait
     * in vain and say so).
     */
    @Test
    void closeAllShouldCloseEverySideAtOnce() throws Exception {
        CountDownLatch closing = new CountDownLatch(4);
        java.util.Set<String> metTheOthers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        MailboxAccess sources = new MeetAtClose(new FakeAccess(source), closing, metTheOthers);
        MailboxAccess targets = new MeetAtClose(new FakeAccess(target), closing, metTheOthers);
        Sessions first = new Sessions(task(sources, targets));
        Sessions second = new Sessions(task(sources, targets));
        first.open();
        second.open();

        Sessions.closeAll(java.util.List.of(first, second));

        assertThat(metTheOthers).as("every close had all four under way").hasSize(4);
        assertThat(first.source()).isNull();
        assertThat(second.target()).isNull();
    }

    private static MailboxTask task(MailboxAccess sourceAccess, MailboxAccess targetAccess) {
        return new MailboxTask("pair-1", sourceAccess, new MailboxAccess.Login("alice@old", "alice", null),
                targetAccess, new MailboxAccess.Login("alice@new", "alice", null), JobOptions.defaults(),
                RunKind.FULL, "alice@old", "alice@new", null);
    }

    /** Logs in on a fake server: first says it began, then waits until {@code other} began; tells the target's close. */
    private final class Access implements MailboxAccess {
        private final FakeAccess fake;
        private final CountDownLatch mine;
        private final CountDownLatch other;

        Access(FakeMailServer server, CountDownLatch mine, CountDownLatch other) {
            this.fake = new FakeAccess(server);
            this.mine = mine;
            this.other = other;
        }

        private void meet() throws MailboxException {
            if (mine == null) {
                return;
            }
            mine.countDown();
            try {
                if (!other.await(LONG.toSeconds(), TimeUnit.SECONDS)) {
                    throw new MailboxException(MailboxException.Kind.FATAL, "the other side never began to log in");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MailboxException(MailboxException.Kind.FATAL, "interrupted", e);
            }
        }

        @Override
        public SourceMailbox openSource(Login login) throws MailboxException {
            meet();
            return fake.openSource(login);
        }

        @Override
        public TargetMailbox openTarget(Login login) throws MailboxException {
            meet();
            TargetMailbox real = fake.openTarget(login);
            return PortProxy.of(TargetMailbox.class, real, (method, args) -> {
                if (method.equals("close")) {
                    targetClosed.set(true);
                }
                return null;
            });
        }

        @Override
        public String describe() {
            return fake.describe();
        }
    }

    /** Opens sessions whose close waits until {@code closing} counted every close down, noting the ones that did. */
    private static final class MeetAtClose implements MailboxAccess {
        private final FakeAccess fake;
        private final CountDownLatch closing;
        private final java.util.Set<String> met;
        private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();

        MeetAtClose(FakeAccess fake, CountDownLatch closing, java.util.Set<String> met) {
            this.fake = fake;
            this.closing = closing;
            this.met = met;
        }

        private <T> T meetingAtClose(Class<T> type, T real, String name) {
            return PortProxy.of(type, real, (method, args) -> {
                if (method.equals("close")) {
                    closing.countDown();
                    if (closing.await(5, TimeUnit.SECONDS)) {
                        met.add(name);
                    }
                }
                return null;
            });
        }

        @Override
        public SourceMailbox openSource(Login login) throws MailboxException {
            return meetingAtClose(SourceMailbox.class, fake.openSource(login), "source " + opened.incrementAndGet());
        }

        @Override
        public TargetMailbox openTarget(Login login) throws MailboxException {
            return meetingAtClose(TargetMailbox.class, fake.openTarget(login), "target " + opened.incrementAndGet());
        }

        @Override
        public String describe() {
            return fake.describe();
        }
    }
}
