package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.BodyBuffers;
import java.io.IOException;
import java.util.Properties;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * Angus's IMAP protocol reading the answers of a batch's body fetch ({@link ImapBatchFetch}) into
 * {@link BodyBuffers} arrays (ADR 0053): while {@link #pooling} is on, each response is read into a
 * {@link PooledResponseBuffer}, and the body it carries can be handed to its content without a copy
 * ({@link #takeLease}). Everything else reads as Angus does. Used under the protocol's lock, as all commands are.
 */
class PoolingProtocol extends IMAPProtocol {
    private final BodyBuffers buffers;
    private boolean pooling;
    /** The buffer of the response read last while pooling; null otherwise. */
    private PooledResponseBuffer last;

    PoolingProtocol(String name, String host, int port, Properties props, boolean isSSL, MailLogger logger)
            throws IOException, ProtocolException {
        this(name, host, port, props, isSSL, logger, BodyBuffers.shared());
    }

    PoolingProtocol(String name, String host, int port, Properties props, boolean isSSL, MailLogger logger,
            BodyBuffers buffers) throws IOException, ProtocolException {
        super(name, host, port, props, isSSL, logger);
        this.buffers = buffers;
    }

    @Override
    protected synchronized ByteArray getResponseBuffer() {
        ByteArray own = super.getResponseBuffer(); // a buffer Angus's own partial fetch asked for
        last = own == null && pooling && buffers.keeps() ? new PooledResponseBuffer(buffers) : null;
        return own != null ? own : last;
    }

    /** Turns pooled reading on for the answers of a body fetch, or off after them. */
    synchronized void pooling(boolean on) {
        pooling = on;
        last = null;
    }

    /**
     * False when {@code body}, an item of the response read last, reaches past what that response held: an answer
     * whose literal's count does not end its line (Angus does not check). In a fresh array the bytes past it are
     * zeros; in a reused one they are another message's, so such a body is refused, never taken.
     */
    synchronized boolean within(ByteArray body) {
        return last == null || body.getBytes() != last.getBytes()
                || (long) body.getStart() + body.getCount() <= last.getCount();
    }

    /**
     * The lease of {@code array} when it is the pooled array the last response was read into; the caller owns it
     * then (and releases it). Null otherwise: the array is the response's own, left to the collector.
     */
    synchronized BodyBuffers.Lease takeLease(byte[] array) {
        return last == null ? null : last.take(array);
    }
}
