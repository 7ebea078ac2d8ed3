package io.mailferry.model.connection;

/** Whether a connection is defined as a migration source or target (the panel shows them in separate cards). */
public enum ConnectionRole {
    SOURCE,
    TARGET
}
