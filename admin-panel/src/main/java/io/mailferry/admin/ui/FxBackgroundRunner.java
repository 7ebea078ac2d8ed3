package io.mailferry.admin.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/** Daemon worker threads for the calls, {@link Platform#runLater} for the outcome: the FX thread never blocks. */
public final class FxBackgroundRunner implements BackgroundRunner, AutoCloseable {

    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "panel-call-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Override
    public void onUiThread(Runnable update) {
        Platform.runLater(update);
    }

    @Override
    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        if (pool.isShutdown()) {
            return; // closed with the panel: a poll that fires while the window goes away has nobody to answer
        }
        pool.execute(() -> {
            try {
                T value = work.call();
                Platform.runLater(() -> onSuccess.accept(value));
            } catch (Throwable t) {
                Platform.runLater(() -> onFailure.accept(t));
            }
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
