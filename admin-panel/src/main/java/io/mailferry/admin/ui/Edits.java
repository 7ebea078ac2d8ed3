package io.mailferry.admin.ui;

import javafx.beans.Observable;
import javafx.beans.value.ObservableValue;

/**
 * Whether the admin changed a form's fields since it was last filled from the service ({@link #mark}): what a dialog
 * asks about before Cancel or Escape drops it. Every change counts (a change listener sees each one, where an
 * invalidation listener sees only the first until the value is read).
 */
public final class Edits {
    private boolean edited;

    public Edits(Observable... fields) {
        for (Observable field : fields) {
            if (field instanceof ObservableValue<?> value) {
                value.addListener((o, before, now) -> edited = true);
            } else {
                field.addListener(o -> edited = true);
            }
        }
    }

    /** The fields now hold what the service has: nothing to lose. */
    public void mark() {
        edited = false;
    }

    /** True when a field changed since {@link #mark}. */
    public boolean edited() {
        return edited;
    }
}
