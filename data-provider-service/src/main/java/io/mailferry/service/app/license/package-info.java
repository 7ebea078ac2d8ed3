/**
 * Licensing: offline verification of signed license keys (Ed25519) and the trial/seat rules that decide whether a
 * mailbox may start and how many items per folder it may copy. Part of the app layer: may import the JDK, Jackson,
 * SLF4J, {@code io.mailferry.model} and {@code io.mailferry.service.engine} — never the api, store or connector
 * packages.
 */
package io.mailferry.service.app.license;
