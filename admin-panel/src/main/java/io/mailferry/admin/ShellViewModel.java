package io.mailferry.admin;

import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.model.api.Health;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The service's state as the status bar shows it: connected (with its address), or not running with an offer to
 * start it. Starting waits in the background until the service answers, at most {@link #START_WAIT}.
 */
public final class ShellViewModel {

    static final Duration START_WAIT = Duration.ofSeconds(30);

    private final ServiceClient client;
    private final Activity activity;
    private final Runnable starter;
    /** A health check is under way (touched on the JavaFX thread only). */
    private boolean checking;
    private final BooleanProperty connected = new SimpleBooleanProperty(false);
    private final BooleanProperty starting = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("Service: looking for the local service…");
    private final StringProperty problem = new SimpleStringProperty("");

    public ShellViewModel(ServiceClient client, BackgroundRunner runner, Runnable starter) {
        this.client = client;
        this.activity = new Activity(runner);
        this.starter = starter;
    }

    /**
     * Checks the service; cheap enough to call every few seconds. Skipped while the previous check still waits (a
     * hung service): checks never pile up, and no late answer overturns a newer one.
     */
    public void check() {
        if (starting.get() || checking) {
            return;
        }
        checking = true;
        activity.quietly(client::health, h -> {
            checking = false;
            up(h);
        }, m -> {
            checking = false;
            down(m);
        });
    }

    public void startService() {
        if (starting.get()) {
            return;
        }
        starting.set(true);
        status.set("Service: starting…");
        activity.run(() -> {
            starter.run();
            Instant until = Instant.now().plus(START_WAIT);
            RuntimeException last = null;
            while (Instant.now().isBefore(until)) {
                try {
                    return client.health();
                } catch (RuntimeException e) {
                    last = e;
                    Thread.sleep(400);
                }
            }
            throw last != null ? last : new IllegalStateException("The service did not start.");
        }, h -> {
            starting.set(false);
            up(h);
        }, m -> {
            starting.set(false);
            down(m);
        });
    }

    private void up(Health h) {
        connected.set(true);
        boolean degraded = "degraded".equals(h.status()) && h.store() != null;
        problem.set("");
        activity.clearError();
        status.set("Service: connected to " + client.baseUrl().orElse("?")
                + (h.version() == null ? "" : " · version " + h.version())
                + " · " + h.runningJobs() + " job" + (h.runningJobs() == 1 ? "" : "s") + " running"
                + (degraded ? " · " + h.store() : ""));
    }

    private void down(String message) {
        connected.set(false);
        problem.set(message);
        status.set("Service: not running — " + message);
    }

    public Activity activity() {
        return activity;
    }

    public BooleanProperty connected() {
        return connected;
    }

    public BooleanProperty starting() {
        return starting;
    }

    public BooleanBinding canStart() {
        return connected.not().and(starting.not());
    }

    public StringProperty status() {
        return status;
    }

    /** Why the service cannot be reached, empty when connected. */
    public StringProperty problem() {
        return problem;
    }
}
