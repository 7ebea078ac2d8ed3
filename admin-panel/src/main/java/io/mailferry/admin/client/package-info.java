/**
 * The panel's only seam to the Data Provider service: an HTTP client of {@code /api/v1}, finding and starting the
 * local service. May import the JDK, Jackson, SLF4J and {@code io.mailferry.model}; never JavaFX, never the service.
 */
package io.mailferry.admin.client;
