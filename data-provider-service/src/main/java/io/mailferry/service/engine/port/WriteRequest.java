package io.mailferry.service.engine.port;

import java.time.Instant;

/**
 * One item to write: its bytes, its state, the received date to keep and, where the target takes one
 * ({@link Capabilities#stamps}), the identity stamp to store with it.
 */
public record WriteRequest(ItemRef source, MessageContent content, ItemState state, Instant received, String stamp) {
}
