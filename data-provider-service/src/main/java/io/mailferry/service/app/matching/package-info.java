/**
 * Automatic matching of source mailboxes to target mailboxes (same address, same local part, domain mapping).
 * Part of the app layer: may import the JDK, SLF4J, {@code io.mailferry.model} and {@code io.mailferry.service.engine}
 * — never the api, store or connector packages.
 */
package io.mailferry.service.app.matching;
