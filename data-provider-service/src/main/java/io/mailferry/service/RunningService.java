package io.mailferry.service;

import java.net.URI;
import java.nio.file.Path;

/** A started service: where it listens, with which token, on which data directory. {@link #close()} stops it. */
public interface RunningService extends AutoCloseable {
    /** e.g. {@code http://127.0.0.1:52731}, also written to {@code DATA_DIR/service.url}. */
    URI baseUrl();

    /** The bearer token, also in {@code DATA_DIR/api-token}. */
    String token();

    Path dataDir();

    /** Blocks until {@link #close()} has finished (from another thread or a shutdown hook). */
    void awaitClosed() throws InterruptedException;

    /** Stops the API, closes the database, removes {@code service.url}. Idempotent. */
    @Override
    void close();
}
