package io.mailferry.admin.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Whether a tab's view model reaches the service, as the shell last saw it. While it does not, the tab keeps showing
 * the last figures it received (never zeros), so the view disables the tab and marks them with
 * {@link #lastKnownNote} — "Service not reachable since 14:05 — last figures received"; when the service is back, the
 * view model reloads at once instead of waiting for the next poll. Touched on the UI thread only.
 */
public final class Connectivity {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** False until the shell's first health check answered: before that nothing shown is current either. */
    private final BooleanProperty connected = new SimpleBooleanProperty(false);
    /** When the service stopped answering; null before it ever answered and while it does. */
    private final ObjectProperty<Instant> lostAt = new SimpleObjectProperty<>();
    private final StringBinding lastKnownNote = Bindings.createStringBinding(
            () -> connected.get() ? "" : note(lostAt.get(), ZoneId.systemDefault()), connected, lostAt);

    /** @param onReconnect reloads the view model's data; runs each time {@code connected} turns true */
    public Connectivity(Runnable onReconnect) {
        this(onReconnect, Instant::now);
    }

    /** @param now the clock that dates the loss of the service */
    public Connectivity(Runnable onReconnect, Supplier<Instant> now) {
        connected.addListener((o, was, up) -> {
            if (up) {
                lostAt.set(null);
                onReconnect.run();
            } else {
                lostAt.set(now.get());
            }
        });
    }

    /** "Service not reachable since 14:05 — last figures received"; before any answer, that nothing came yet. */
    public static String note(Instant since, ZoneId zone) {
        return since == null ? "Service not reachable yet — no figures received"
                : "Service not reachable since " + CLOCK.format(since.atZone(zone)) + " — last figures received";
    }

    public BooleanProperty connected() {
        return connected;
    }

    /** Empty while connected; otherwise since when the service is away and that the figures are the last received. */
    public StringBinding lastKnownNote() {
        return lastKnownNote;
    }
}
