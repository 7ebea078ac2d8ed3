package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A read on each side at once: both over before it returns or throws, the source's failure first. */
class BothSidesTest {
    private static final MailboxAccess.Login LOGIN = new MailboxAccess.Login("alice", "alice", null);
    private final SourceMailbox source = new FakeAccess(FakeMailServer.source()).openSource(LOGIN);
    private final TargetMailbox target = new FakeAccess(FakeMailServer.target()).openTarget(LOGIN);

    BothSidesTest() throws MailboxException {
    }

    @AfterEach
    void close() throws Exception {
        source.close();
        target.close();
    }

    @Test
    void bothSidesShouldBeReadAtOnce() throws Exception {
        CountDownLatch sourceBegan = new CountDownLatch(1);
        CountDownLatch targetBegan = new CountDownLatch(1);

        // each side waits until the other has begun: one after the other, the first would never end
        BothSides.Read<String, String> read = BothSides.read(source, target,
                s -> meet(sourceBegan, targetBegan, "source " + s.folders().size()),
                t -> meet(targetBegan, sourceBegan, "target " + t.folders().size()));

        assertThat(read.source()).startsWith("source ");
        assertThat(read.target()).startsWith("target ");
    }

    @Test
    void bothFailingShouldThrowTheSourcesFailure() {
        assertThatThrownBy(() -> BothSides.read(source, target, s -> {
            throw new MailboxException(MailboxException.Kind.CONNECTION, "source dropped");
        }, t -> {
            throw new MailboxException(MailboxException.Kind.FATAL, "target refused");
        })).isInstanceOf(MailboxException.class).hasMessage("source dropped")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("target refused"));
    }

    @Test
    void theTargetsFailureShouldComeOnlyOnceTheSourceSideIsOver() {
        AtomicBoolean sourceOver = new AtomicBoolean();
        CountDownLatch targetFailed = new CountDownLatch(1);

        assertThatThrownBy(() -> BothSides.read(source, target, s -> {
            try {
                targetFailed.await(5, TimeUnit.SECONDS); // still reading when the target side fails
                Thread.sleep(200); // and for a while after: a caller that did not wait would be gone by then
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sourceOver.set(true);
            return s.folders();
        }, t -> {
            targetFailed.countDown();
            throw new MailboxException(MailboxException.Kind.ITEM, "target refused the folder");
        })).hasMessage("target refused the folder");
        assertThat(sourceOver).as("the source session is free before the caller goes on").isTrue();
    }

    @Test
    void theSourcesFailureShouldBeThrownWhenTheTargetSucceeded() {
        assertThatThrownBy(() -> BothSides.read(source, target, s -> {
            throw new IllegalStateException("a bug on the source side");
        }, TargetMailbox::folders)).isInstanceOf(IllegalStateException.class).hasMessage("a bug on the source side");
    }

    private static String meet(CountDownLatch mine, CountDownLatch other, String result) throws MailboxException {
        mine.countDown();
        try {
            if (!other.await(5, TimeUnit.SECONDS)) {
                throw new MailboxException(MailboxException.Kind.FATAL, "the other side never began");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(MailboxException.Kind.FATAL, "interrupted", e);
        }
        return result;
    }
}
