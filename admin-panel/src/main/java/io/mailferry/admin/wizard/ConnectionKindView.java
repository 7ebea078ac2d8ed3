package io.mailferry.admin.wizard;

import io.mailferry.model.connection.ConnectionKind;
import javafx.scene.Node;

/** The pages of one connection kind's steps; the view-side partner of {@link ConnectionKindSteps}. */
public interface ConnectionKindView {

    ConnectionKind kind();

    /** The page for one of the kind's steps, built from that kind's steps model. */
    Node page(WizardStep step, ConnectionKindSteps model);
}
