/**
 * Microsoft 365 (Exchange Online) through Microsoft Graph, app-only: sign-in with msal4j client credentials
 * ({@link io.mailferry.service.connector.graph.TokenSource}), the tenant's directory, and the engine's ports over
 * Graph's mail API, reading and (the Graph write path, ADR 0010) writing. Imports the engine's ports, the model,
 * msal4j, Jackson, the JDK's HTTP client and jakarta.mail (to rebuild a message as Graph JSON); never another
 * connector, the store or the api.
 */
package io.mailferry.service.connector.graph;
