package io.mailferry.service.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waiting for a condition with a deadline: how a test synchronises with a thread, process or server it does not
 * control. The condition is checked at once and then every few milliseconds; the wait ends as soon as it holds, and
 * fails the test (saying what was awaited) once {@code timeout} passed without it. Never a fixed sleep.
 */
public final class Await {
    /** A check that may throw (reading a file, asking a server); an exception counts as "not yet". */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, Condition condition) throws InterruptedException {
        until(() -> what, timeout, condition);
    }

    /** As {@link #until(String, Duration, Condition)}, the failure message built only when needed. */
    public static void until(Supplier<String> what, Duration timeout, Condition condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError failure = new AssertionError("Not within " + timeout.toMillis() + " ms: " + what.get());
                if (last != null) {
                    failure.addSuppressed(last);
                }
                throw failure;
            }
            Thread.sleep(10);
        }
    }
}
