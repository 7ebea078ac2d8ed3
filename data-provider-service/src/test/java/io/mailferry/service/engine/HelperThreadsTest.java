package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Helper threads are kept for the next task, each task running under its own name. */
class HelperThreadsTest {
    @Test
    void aTaskShouldRunUnderItsNameAndTheThreadGetItsOwnBack() throws Exception {
        Thread[] ran = new Thread[1];
        String name = HelperThreads.submit("mailferry-pair-fetch", () -> {
            ran[0] = Thread.currentThread();
            return Thread.currentThread().getName();
        }).get(10, TimeUnit.SECONDS);

        assertThat(name).isEqualTo("mailferry-pair-fetch");
        awaitName(ran[0]);
        assertThat(ran[0].getName()).startsWith("mailferry-helper-");
        assertThat(ran[0].isDaemon()).isTrue();
    }

    @Test
    void tasksOneAfterAnotherShouldReuseThreads() throws Exception {
        Set<Thread> threads = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            threads.add(HelperThreads.submit("task-" + i, Thread::currentThread).get(10, TimeUnit.SECONDS));
            Thread.sleep(5); // time for the thread to wait for the next task
        }
        // one started per task, as before, would be twenty
        assertThat(threads.size()).isLessThan(5);
    }

    @Test
    void aTasksFailureShouldComeToItsCallerAndTheThreadServeOn() throws Exception {
        Thread[] ran = new Thread[1];
        assertThatThrownBy(() -> HelperThreads.submit("failing", () -> {
            ran[0] = Thread.currentThread();
            throw new IllegalStateException("the task's own");
        }).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasRootCauseMessage("the task's own");

        awaitName(ran[0]);
        assertThat(ran[0].getName()).startsWith("mailferry-helper-");
        assertThat(HelperThreads.submit("after", () -> 42).get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }

    /** The name comes back in the task's finally, before the caller is answered: waits a little all the same. */
    private static void awaitName(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!t.getName().startsWith("mailferry-helper-") && System.nanoTime() < end) {
            Thread.sleep(1);
        }
    }
}
