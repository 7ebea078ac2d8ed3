/**
 * The local HTTP API under {@code /api/v1}: the JDK's HTTP server bound to 127.0.0.1, bearer-token check, a tiny
 * router, JSON through one configured Jackson mapper, and errors as {@code application/problem+json}. Thin: parse,
 * call the app, render. May import the JDK (including {@code com.sun.net.httpserver}), Jackson, SLF4J,
 * {@code io.mailferry.model} and the app; never the store, the engine's implementations, a connector or the cli.
 */
package io.mailferry.service.api;
