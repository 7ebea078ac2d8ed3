package io.mailferry.admin.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs a blocking call away from the UI thread and hands its outcome back on the UI thread. View models use only
 * this; tests give them a runner that calls everything directly.
 */
public interface BackgroundRunner {

    <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Runs {@code update} on the UI thread (a call's progress, told while it runs); directly by default. */
    default void onUiThread(Runnable update) {
        update.run();
    }
}
