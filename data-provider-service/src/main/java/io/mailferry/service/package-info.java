/**
 * The composition root: {@link io.mailferry.service.ServiceMain} wires store, app, engine ports, connectors and api by
 * hand, and owns the data directory's files (service.url, api-token, lock, logs). May import every package of the
 * service; nothing but the cli imports it.
 */
package io.mailferry.service;
