/**
 * API contract, connection part: immutable records and enums serialised as JSON by the service and the panel.
 * May import the JDK, Jackson annotations and other {@code io.mailferry.model} packages only.
 */
package io.mailferry.model.connection;
