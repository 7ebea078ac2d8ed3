package io.mailferry.admin.ui;

import io.mailferry.admin.client.ServiceException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The busy state and last error of one view model. Every service call goes through here, so each screen shows a
 * busy indicator while calls run and one plain sentence when one fails. Touched on the UI thread only.
 */
public final class Activity {

    private static final Logger LOG = LoggerFactory.getLogger(Activity.class);

    private final BackgroundRunner runner;
    private final IntegerProperty inFlight = new SimpleIntegerProperty();
    private final BooleanBinding busy = inFlight.greaterThan(0);
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty progress = new SimpleStringProperty("");
    private final BooleanBinding hasError = Bindings.createBooleanBinding(
            () -> error.get() != null && !error.get().isBlank(), error);
    private boolean polling;
    /** The error a background refresh set, which the next good refresh may clear (a command's error it may not). */
    private String quietError;

    public Activity(BackgroundRunner runner) {
        this.runner = runner;
    }

    public BooleanBinding busy() {
        return busy;
    }

    /** What a running call has got through so far ("Loading mailboxes: 3,000 of 20,000"), "" when it tells nothing. */
    public StringProperty progress() {
        return progress;
    }

    /** For a call's work, on any thread: sets {@link #progress()} on the UI thread. */
    public Consumer<String> progressReporter() {
        return text -> runner.onUiThread(() -> {
            if (inFlight.get() > 0) {
                progress.set(text);
            }
        });
    }

    /** The last failure's sentence, null when the last call succeeded or the admin dismissed it. */
    public StringProperty error() {
        return error;
    }

    public BooleanBinding hasError() {
        return hasError;
    }

    public void clearError() {
        error.set(null);
    }

    /** A call the admin waits for: shows busy, clears the error on success, shows it on failure. */
    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess) {
        run(work, onSuccess, t -> { });
    }

    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<String> onFailure) {
        call(() -> true, work, onSuccess, onFailure);
    }

    /**
     * As {@link #run(Callable, Consumer)}, but an answer that arrives when {@code wanted} no longer holds (the admin
     * asked for something else meanwhile) is dropped: it neither fills the view nor shows or clears an error.
     */
    public <T> void runWhile(java.util.function.BooleanSupplier wanted, Callable<T> work,
            Consumer<? super T> onSuccess) {
        call(wanted, work, onSuccess, t -> { });
    }

    private <T> void call(java.util.function.BooleanSupplier wanted, Callable<T> work, Consumer<? super T> onSuccess,
            Consumer<String> onFailure) {
        inFlight.set(inFlight.get() + 1);
        runner.run(work, value -> {
            inFlight.set(inFlight.get() - 1);
            progress.set("");
            if (wanted.getAsBoolean()) {
                error.set(null);
                onSuccess.accept(value);
            }
        }, failure -> {
            inFlight.set(inFlight.get() - 1);
            progress.set("");
            if (wanted.getAsBoolean()) {
                String message = sentence(failure);
                error.set(message);
                quietError = null;
                onFailure.accept(message);
            }
        });
    }

    /**
     * A background refresh (polling): no busy indicator; a failure still shows, except "service not running", which
     * the status bar and its Start offer already say once for the whole window. A good refresh clears only an error
     * an earlier refresh showed: the refusal of a command the admin gave stays until dismissed or the next command.
     */
    public <T> void quietly(Callable<T> work, Consumer<? super T> onSuccess, Consumer<String> onFailure) {
        runner.run(work, value -> {
            if (quietError != null && quietError.equals(error.get())) {
                error.set(null);
            }
            quietError = null;
            onSuccess.accept(value);
        }, failure -> {
            String message = sentence(failure);
            boolean down = failure instanceof ServiceException s && s.serviceDown();
            if (down) {
                if (quietError != null && quietError.equals(error.get())) {
                    error.set(null);
                }
                quietError = null;
            } else {
                error.set(message);
                quietError = message;
            }
            onFailure.accept(message);
        });
    }

    /**
     * A poll (live refresh every second or two): quiet, and skipped while the previous poll still runs, so a slow
     * service never piles up calls.
     */
    public <T> void poll(Callable<T> work, Consumer<? super T> onSuccess) {
        if (polling) {
            return;
        }
        polling = true;
        quietly(work, value -> {
            polling = false;
            onSuccess.accept(value);
        }, message -> polling = false);
    }

    /** The sentence for the admin; only unexpected failures get their stack trace logged (once, here). */
    public static String sentence(Throwable failure) {
        if (failure instanceof ServiceException) {
            LOG.debug("Service call failed: {}", failure.getMessage());
            return failure.getMessage();
        }
        if (failure instanceof java.nio.file.NoSuchFileException e) {
            return "The file " + e.getFile() + " does not exist.";
        }
        if (failure instanceof java.nio.file.AccessDeniedException e) {
            return "The panel may not read or write " + e.getFile() + ".";
        }
        if (failure instanceof java.nio.charset.CharacterCodingException) {
            return "The file is not UTF-8 text: save it as UTF-8 (in Excel: CSV UTF-8) and try again.";
        }
        if (failure instanceof java.nio.file.FileSystemException e && e.getReason() != null) {
            return "The file " + e.getFile() + " could not be read or written: " + e.getReason() + ".";
        }
        if (failure instanceof java.io.IOException e) {
            LOG.warn("File error", e);
            return "The file could not be read or written; the panel's log has the details.";
        }
        LOG.warn("Unexpected failure", failure);
        String m = failure.getMessage();
        return m == null || !plain(m) ? "Something went wrong in the panel; its log has the details."
                : "Something went wrong in the panel: " + m;
    }

    /**
     * True for a message written as a sentence for people (a capital first, a full stop last, one line); false for
     * what the JVM or a library writes, such as "Cannot invoke \"String.length()\" because \"s\" is null" or a
     * class name: that goes to the log only.
     */
    static boolean plain(String message) {
        String m = message.strip();
        return m.matches("(?s)[A-Z][^\\n]*[.!?]") && !m.startsWith("Cannot invoke ")
                && !m.matches(".*\\b[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\.[A-Za-z].*") && !m.contains("Exception");
    }
}
