package io.mailferry.service.engine.port;

import java.util.List;

/**
 * One page of a listing; {@code nextCursor} is null after the last page. Cursors are opaque to the caller. The last
 * page of a full listing may carry a change token ({@code token}, e.g. a Graph delta link) from which
 * {@link SourceMailbox#changes} tells later what changed; null when the connector gives its tokens through
 * {@link FolderState#token} instead.
 */
public record Page<T>(List<T> items, String nextCursor, String token) {
    public Page {
        items = List.copyOf(items);
    }

    public Page(List<T> items, String nextCursor) {
        this(items, nextCursor, null);
    }

    public boolean last() {
        return nextCursor == null;
    }
}
