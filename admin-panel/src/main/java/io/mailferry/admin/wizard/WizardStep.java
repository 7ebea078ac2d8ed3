package io.mailferry.admin.wizard;

import javafx.beans.value.ObservableBooleanValue;

/**
 * One page of a wizard, as a view model: a stable id (the view picks its page by it), a title for the step list, and
 * whether its inputs are valid (Next is enabled only then).
 */
public interface WizardStep {

    String id();

    String title();

    ObservableBooleanValue valid();

    /** Called when the wizard shows this step (e.g. to prepare data from earlier steps). */
    default void entered() {
    }

    static WizardStep of(String id, String title, ObservableBooleanValue valid) {
        return of(id, title, valid, () -> { });
    }

    static WizardStep of(String id, String title, ObservableBooleanValue valid, Runnable onEnter) {
        return new WizardStep() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public ObservableBooleanValue valid() {
                return valid;
            }

            @Override
            public void entered() {
                onEnter.run();
            }

            @Override
            public String toString() {
                return "WizardStep[" + id + "]";
            }
        };
    }
}
