package io.mailferry.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.client.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ActivityTest {

    /** Holds every call until the test releases it, like a slow service. */
    static final class HeldRunner implements BackgroundRunner {
        final List<Runnable> held = new ArrayList<>();

        @Override
        public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            held.add(() -> {
                try {
                    onSuccess.accept(work.call());
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            });
        }

        void releaseAll() {
            List<Runnable> now = List.copyOf(held);
            held.clear();
            now.forEach(Runnable::run);
        }
    }

    private final HeldRunner runner = new HeldRunner();
    private final Activity activity = new Activity(runner);

    @Test
    void runShouldBeBusyUntilTheCallReturnsAndShowItsFailure() {
        activity.run(() -> {
            throw new ServiceException(409, "job_running", "The job is running; stop it first.");
        }, v -> { });
        assertThat(activity.busy().get()).isTrue();
        runner.releaseAll();
        assertThat(activity.busy().get()).isFalse();
        assertThat(activity.error().get()).isEqualTo("The job is running; stop it first.");
    }

    @Test
    void aPollShouldBeSkippedWhileThePreviousOneStillRuns() {
        AtomicInteger calls = new AtomicInteger();
        activity.poll(calls::incrementAndGet, v -> { });
        activity.poll(calls::incrementAndGet, v -> { });
        assertThat(runner.held).hasSize(1);
        runner.releaseAll();
        activity.poll(calls::incrementAndGet, v -> { });
        runner.releaseAll();
        assertThat(calls).hasValue(2);
        assertThat(activity.busy().get()).as("polls never show busy").isFalse();
    }

    @Test
    void aPollShouldLeaveServiceDownToTheStatusBarButShowOtherFailures() {
        activity.poll(() -> {
            throw new ServiceException(0, ServiceException.NOT_RUNNING, "The service does not answer.");
        }, v -> { });
        runner.releaseAll();
        assertThat(activity.error().get()).isNull();
        activity.poll(() -> {
            throw new ServiceException(500, "internal", "The service failed to read its database.");
        }, v -> { });
        runner.releaseAll();
        assertThat(activity.error().get()).isEqualTo("The service failed to read its database.");
    }

    @Test
    void aGoodPollShouldClearAPollsErrorButNotTheRefusalOfACommand() {
        activity.poll(() -> {
            throw new ServiceException(500, "internal", "The service failed to read its database.");
        }, v -> { });
        runner.releaseAll();
        activity.poll(() -> 1, v -> { });
        runner.releaseAll();
        assertThat(activity.error().get()).as("the service recovered").isNull();

        activity.run(() -> {
            throw new ServiceException(409, "pair_running", "Mailbox anna is running; stop it before removing it.");
        }, v -> { });
        runner.releaseAll();
        activity.poll(() -> 1, v -> { });
        runner.releaseAll();
        assertThat(activity.error().get()).isEqualTo("Mailbox anna is running; stop it before removing it.");
    }

    @Test
    void fileFailuresShouldBeSentencesWithoutTheJdksBareWords() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("activity");
        java.nio.file.Path latin1 = java.nio.file.Files.write(dir.resolve("pairs.csv"),
                new byte[] {'S', 'o', 'u', 'r', 'c', 'e', (byte) 0xfc, '\n'});
        try {
            java.nio.file.Files.readString(latin1);
        } catch (java.io.IOException e) {
            assertThat(Activity.sentence(e)).isEqualTo("The file is not UTF-8 text: save it as UTF-8 (in Excel: CSV "
                    + "UTF-8) and try again.");
        }
        assertThat(Activity.sentence(new java.nio.file.FileSystemException(dir.toString(), null, "Is a directory")))
                .isEqualTo("The file " + dir + " could not be read or written: Is a directory.");
        assertThat(Activity.sentence(new java.io.IOException("Input length = 1")))
                .isEqualTo("The file could not be read or written; the panel's log has the details.");
    }

    /** An unexpected failure shows a sentence of ours; what the JVM or a library wrote goes to the log only. */
    @Test
    void anUnexpectedFailureShouldNeverShowTheJavaWords() {
        assertThat(Activity.sentence(new NullPointerException("Cannot invoke \"String.length()\" because \"s\" is"
                + " null"))).isEqualTo("Something went wrong in the panel; its log has the details.");
        assertThat(Activity.sentence(new IllegalStateException("java.lang.IllegalStateException: boom")))
                .isEqualTo("Something went wrong in the panel; its log has the details.");
        assertThat(Activity.sentence(new IllegalStateException("failed at io.mailferry.admin.X.y")))
                .isEqualTo("Something went wrong in the panel; its log has the details.");
        assertThat(Activity.sentence(new IllegalArgumentException("The port must be a whole number.")))
                .isEqualTo("Something went wrong in the panel: The port must be a whole number.");
    }
}
