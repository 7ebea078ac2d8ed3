package io.mailferry.service.engine.port;

import java.io.IOException;
import java.io.InputStream;

/**
 * The raw RFC 5322 bytes of one message, buffered so it can be read more than once (small ones in memory, large ones
 * in a temporary file — see {@link BufferedContent}). Closing releases the buffer.
 */
public interface MessageContent extends AutoCloseable {
    long size();

    /** Lowercase hex SHA-256 of the bytes; the ledger keeps it to recognise the message on the target after a crash. */
    String sha256();

    /** A fresh stream over the bytes from the start. */
    InputStream open() throws IOException;

    @Override
    void close();
}
