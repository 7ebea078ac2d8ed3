package io.mailferry.admin;

import io.mailferry.admin.ui.BackgroundRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Keeps every call until {@link #runAll}, then runs them as {@link DirectRunner} would: for view-model tests of what
 * happens while work is still on its way (the admin typing meanwhile, a busy flag).
 */
public final class QueuedRunner implements BackgroundRunner {
    private final List<Runnable> queued = new ArrayList<>();

    @Override
    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        queued.add(() -> new DirectRunner().run(work, onSuccess, onFailure));
    }

    /** Runs the calls kept so far, in order. */
    public void runAll() {
        List<Runnable> now = List.copyOf(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }
}
