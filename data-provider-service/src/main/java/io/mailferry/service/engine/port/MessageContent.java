package io.mailferry.service.engine.port;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The raw RFC 5322 bytes of one message, buffered so it can be read more than once (small ones in memory, large ones
 * in a temporary file — see {@link BufferedContent}). Closing releases the buffer.
 */
public interface MessageContent extends AutoCloseable {
    /** The largest single write of {@link #writeTo}: a connection's write timeout runs per write. */
    int WRITE_SIZE = 64 * 1024;

    long size();

    /** The {@link ContentHash} of the bytes: the ledger keeps it to recognise the message after a crash. */
    String contentHash();

    /** A fresh stream over the bytes from the start. */
    InputStream open() throws IOException;

    /**
     * Writes the bytes to {@code out} (not closed) and returns how many were written — never more than {@link #size},
     * and {@code size() + 1} when there were more. This one reads {@link #open} in 64 KiB pieces: a stream read through
     * {@code transferTo} would go out in 8 KiB socket writes, five times the calls for the same bytes; content held in
     * memory writes from its array, without a buffer of its own.
     */
    default long writeTo(OutputStream out) throws IOException {
        try (InputStream in = open()) {
            byte[] buf = new byte[WRITE_SIZE];
            long written = 0;
            // never more than size(): a file that grew is caught by the count (the caller compares it), not sent
            for (int n; written < size() && (n = in.read(buf, 0, (int) Math.min(buf.length, size() - written))) > 0; ) {
                out.write(buf, 0, n);
                written += n;
            }
            if (written == size() && in.read() >= 0) {
                written++; // longer than it said: one byte more tells the caller without sending it
            }
            return written;
        }
    }

    @Override
    void close();
}
