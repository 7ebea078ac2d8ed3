package io.mailferry.admin.wizard;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import java.util.List;
import javafx.beans.Observable;

/**
 * What one connection kind contributes to the connection wizard: its own steps between "kind" and "test", and how
 * its inputs become a {@link ConnectionRequest}. A new kind is one more implementation, registered when its connector
 * works; the wizard itself does not change (kinds without one are shown disabled, "coming later").
 */
public interface ConnectionKindSteps {

    ConnectionKind kind();

    /** Shown on the kind step, e.g. "IMAP server". */
    String displayName();

    /** One sentence under the name, e.g. which servers this reaches. */
    String description();

    /**
     * What the admin must know about this kind in {@code role}, or null: e.g. what a kind needs as a target.
     * Shown under the kind's name and on its first page.
     */
    default String roleNote(ConnectionRole role) {
        return null;
    }

    /** This kind's steps, in order; their ids must be unique within the kind. */
    List<WizardStep> steps();

    /** The request for the current inputs; the secret is null when the admin kept the stored one. */
    ConnectionRequest request(String name, ConnectionRole role);

    /** Fills the inputs from a saved connection (editing); the secret stays empty and is kept unless retyped. */
    void load(Connection existing);

    /** Fires when any input changes, so an earlier test result no longer counts. */
    Observable changes();

    /** The wizard closed: stops whatever the kind still waits for (a sign-in in the browser). */
    default void close() {
    }
}
