/**
 * The {@code mailferry} command line (picocli): {@code serve} runs the service in the foreground, the other commands
 * talk to a running service over its local HTTP API. The only package that writes to the console.
 * May import the JDK, picocli, Jackson, {@code io.mailferry.model}, the composition root and the api's {@code Json};
 * never the store, the app or a connector directly.
 */
package io.mailferry.service.cli;
