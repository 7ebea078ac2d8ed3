package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-mailbox cap: however many sessions call at once, at most the connection's number run against Exchange. */
class EwsCallsTest {
    @Test
    void callsBeyondTheCapShouldWaitUntilOneEnds() throws Exception {
        EwsCalls calls = new EwsCalls("Source Exchange mailbox anna@contoso.example", "anna@contoso.example",
                "Exchange server mail.contoso.example", 2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try {
                    calls.run("listing folder \"Inbox\"", () -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        open.await();
                        running.decrementAndGet();
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        Await.until("two calls running and one waiting", Duration.ofSeconds(30),
                () -> running.get() == 2 && calls.waiting() == 1);
        assertThat(running.get()).as("the third waits for a place").isEqualTo(2);
        open.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(most.get()).isEqualTo(2);
        assertThat(calls.waiting()).isZero();
    }
}
