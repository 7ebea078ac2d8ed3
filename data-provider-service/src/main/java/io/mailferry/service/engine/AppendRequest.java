package io.mailferry.service.engine;

import java.time.Instant;
import java.util.Set;

/** One message to append: its bytes, the flags and keywords to set, and the INTERNALDATE to keep. */
public record AppendRequest(ItemRef source, MessageContent content, Set<String> flags, Instant internalDate) {
}
