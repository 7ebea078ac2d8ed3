/**
 * The engine's ports, in no protocol's words: the two sides of a mailbox pair ({@link
 * io.mailferry.service.engine.port.SourceMailbox}, {@link io.mailferry.service.engine.port.TargetMailbox}) with
 * opaque item and folder ids, change tokens, neutral item state and capabilities; the ledger and checkpoints the store
 * implements; and the small helpers every connector shares (buffered content, header digest). Connectors and the
 * store import this package and nothing else of the engine. Imports the JDK and {@code io.mailferry.model} only.
 */
package io.mailferry.service.engine.port;
