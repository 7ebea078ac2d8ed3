/**
 * Persistence in the data directory: the SQLite {@link io.mailferry.service.store.Database} with its forward-only
 * schema migrations, the {@code *Store} classes, and encryption of secrets at rest.
 * May import the JDK, SQLite JDBC, Jdbi, Jackson, SLF4J, {@code io.mailferry.model} and the engine's ports (which it
 * implements); never the api, app, cli or a connector. {@code *Row} shapes stay package-private.
 */
package io.mailferry.service.store;
