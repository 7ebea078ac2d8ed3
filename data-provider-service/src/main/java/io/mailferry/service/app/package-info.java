/**
 * Use cases of the service (connections now; jobs, scheduling, licensing and matching later): validate requests,
 * orchestrate the store and the engine, and say what went wrong in plain sentences via {@link
 * io.mailferry.service.app.AppException}. May import the JDK, SLF4J, {@code io.mailferry.model}, the engine and the
 * store; never the api, the cli, an HTTP server or a connector (connectors arrive as engine ports).
 */
package io.mailferry.service.app;
