package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.BodyBuffers;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.eclipse.angus.mail.iap.ByteArray;

/**
 * The buffer Angus reads one response into ({@link PoolingProtocol}), grown into a {@link BodyBuffers} array once it
 * must hold a literal of a body's size: the response's BODY item then points into that array, which the body's
 * content takes over ({@link #take}). Angus grows a response buffer through {@link #grow} and reads it through
 * {@link #getBytes}; both are this class's own (its parent's array is never used).
 */
final class PooledResponseBuffer extends ByteArray {
    private static final byte[] NONE = new byte[0];

    private final BodyBuffers buffers;
    private byte[] bytes = new byte[128]; // what Angus starts a response with
    /** The pooled array {@link #bytes} is; null while it is an array of its own. */
    private BodyBuffers.Lease lease;

    PooledResponseBuffer(BodyBuffers buffers) {
        super(NONE, 0, 0);
        this.buffers = buffers;
    }

    @Override
    public byte[] getBytes() {
        return bytes;
    }

    @Override
    public int getStart() {
        return 0;
    }

    @Override
    public void grow(int incr) {
        int size = bytes.length + incr;
        BodyBuffers.Lease next = BodyBuffers.pools(size) ? buffers.take(size) : null;
        byte[] grown = next == null ? new byte[size] : next.bytes();
        System.arraycopy(bytes, 0, grown, 0, bytes.length);
        if (lease != null) {
            lease.release(); // copied from: nothing refers to it any more
        }
        bytes = grown;
        lease = next;
    }

    @Override
    public byte[] getNewBytes() {
        return Arrays.copyOf(bytes, getCount());
    }

    @Override
    public ByteArrayInputStream toByteArrayInputStream() {
        return new ByteArrayInputStream(bytes, 0, getCount());
    }

    /**
     * The lease of the pooled array {@code array} is, handed over once (the caller then owns the array and releases
     * it); null when {@code array} is not this buffer's pooled array.
     */
    BodyBuffers.Lease take(byte[] array) {
        if (lease == null || array != bytes) {
            return null;
        }
        BodyBuffers.Lease taken = lease;
        lease = null;
        return taken;
    }
}
