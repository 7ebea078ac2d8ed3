package io.mailferry.admin.wizard;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Navigation over a list of steps: Next only when the current step is valid, Finish only on a valid last step. The
 * list may change while the wizard runs (choosing another connection kind replaces the kind's steps).
 */
public final class Wizard {

    private final ObservableList<WizardStep> steps = FXCollections.observableArrayList();
    private final IntegerProperty index = new SimpleIntegerProperty(0);
    private final BooleanProperty currentValid = new SimpleBooleanProperty();
    private final ObjectBinding<WizardStep> current;
    private final BooleanBinding last;

    public Wizard(List<WizardStep> initial) {
        steps.setAll(initial);
        current = Bindings.createObjectBinding(
                () -> steps.isEmpty() ? null : steps.get(Math.min(index.get(), steps.size() - 1)), index, steps);
        last = Bindings.createBooleanBinding(() -> index.get() >= steps.size() - 1, index, steps);
        current.addListener((obs, old, step) -> rebind(step));
        rebind(current.get());
    }

    private void rebind(WizardStep step) {
        currentValid.unbind();
        if (step == null) {
            currentValid.set(false);
        } else {
            currentValid.bind(step.valid());
        }
    }

    public ObservableList<WizardStep> steps() {
        return steps;
    }

    /** Replaces every step after {@code keep} steps, staying on the current index. */
    public void replaceAfter(int keep, List<WizardStep> tail) {
        if (steps.size() > keep) {
            steps.remove(keep, steps.size());
        }
        steps.addAll(tail);
    }

    public IntegerProperty index() {
        return index;
    }

    public ObjectBinding<WizardStep> current() {
        return current;
    }

    public BooleanBinding canBack() {
        return index.greaterThan(0);
    }

    public BooleanBinding canNext() {
        return last.not().and(currentValid);
    }

    public BooleanBinding canFinish() {
        return last.and(currentValid);
    }

    public BooleanBinding isLast() {
        return last;
    }

    public boolean next() {
        if (!canNext().get()) {
            return false;
        }
        index.set(index.get() + 1);
        current.get().entered();
        return true;
    }

    public void back() {
        if (index.get() > 0) {
            index.set(index.get() - 1);
        }
    }
}
