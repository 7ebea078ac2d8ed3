package io.mailferry.admin.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Whether a tab's view model reaches the service, as the shell last saw it. While it does not, the tab's figures are
 * the last ones fetched, so the view disables the tab and marks them with {@link #LAST_KNOWN}; when the service is
 * back, the view model reloads at once instead of waiting for the next poll. Touched on the UI thread only.
 */
public final class Connectivity {

    /** The words on the figures a stopped service left behind. */
    public static final String LAST_KNOWN = "Service not running — last known values";

    /** False until the shell's first health check answered: before that nothing shown is current either. */
    private final BooleanProperty connected = new SimpleBooleanProperty(false);
    private final StringBinding lastKnownNote = Bindings.when(connected).then("").otherwise(LAST_KNOWN);

    /** @param onReconnect reloads the view model's data; runs each time {@code connected} turns true */
    public Connectivity(Runnable onReconnect) {
        connected.addListener((o, was, now) -> {
            if (now) {
                onReconnect.run();
            }
        });
    }

    public BooleanProperty connected() {
        return connected;
    }

    /** Empty while connected, {@link #LAST_KNOWN} while not. */
    public StringBinding lastKnownNote() {
        return lastKnownNote;
    }
}
