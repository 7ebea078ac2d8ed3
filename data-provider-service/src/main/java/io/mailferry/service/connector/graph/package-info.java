/**
 * Microsoft 365 (Exchange Online) through Microsoft Graph, app-only: sign-in with msal4j client credentials
 * ({@link io.mailferry.service.connector.graph.TokenSource}), the tenant's directory, and the engine's ports over
 * Graph's mail API. Imports the engine's ports, the model, msal4j, Jackson and the JDK's HTTP client; never another
 * connector, the store or the api.
 */
package io.mailferry.service.connector.graph;
