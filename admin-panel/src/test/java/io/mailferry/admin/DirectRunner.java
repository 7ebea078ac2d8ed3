package io.mailferry.admin;

import io.mailferry.admin.ui.BackgroundRunner;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs every call at once on the calling thread: view-model tests need no FX toolkit and no waiting. */
public final class DirectRunner implements BackgroundRunner {

    @Override
    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        T value;
        try {
            value = work.call();
        } catch (Throwable t) {
            onFailure.accept(t);
            return;
        }
        onSuccess.accept(value);
    }
}
