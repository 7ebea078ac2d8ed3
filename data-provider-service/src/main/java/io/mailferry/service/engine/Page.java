package io.mailferry.service.engine;

import java.util.List;

/** One page of a listing; {@code nextCursor} is null after the last page. Cursors are opaque to the caller. */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    public boolean last() {
        return nextCursor == null;
    }
}
