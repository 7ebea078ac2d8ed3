package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.MessageContent;
import io.mailferry.service.engine.port.WriteRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.angus.mail.iap.Literal;

/**
 * The literal of a MULTIAPPEND's first message, followed on the wire by the batch's other messages — each as
 * {@code SP [flags SP] [date SP] {size+} CRLF bytes} after the literal before it (RFC 3502 §6, with RFC 7888's
 * non-synchronising literals): the bytes Angus's {@code Argument} would write for one item per message, but written
 * through one buffer of {@link MessageContent#WRITE_SIZE} bytes. Angus flushes the connection's 8 KiB buffer at the
 * start of every literal, and writes a body of 8 KiB or more past it: each message's line went out as a system call
 * and a TCP segment, with the body before it when that was small, alone (60 bytes) after a larger one (twenty
 * mailboxes of 2,000 messages: 95,000 socket writes, 47,000 of them under 8 KiB). Here the lines and the bodies under
 * the buffer's size share writes of up to 64 KiB; the 64 KiB pieces {@link MessageContent#writeTo} hands a larger body
 * over in go straight through (its last, shorter piece is gathered with what follows). For a server that takes
 * non-synchronising literals only ({@code LITERAL+}): the later messages' literals cannot wait for a continuation.
 */
final class BatchLiteral implements Literal {
    private final List<WriteRequest> batch;
    private final byte[] buffer;

    /** {@code buffer}: the array the writes gather in, reused by the caller's next batch (one per session). */
    BatchLiteral(List<WriteRequest> batch, byte[] buffer) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a batch of no message has no first literal");
        }
        this.batch = batch;
        this.buffer = buffer;
    }

    /** The first message's size: Angus announces it before calling {@link #writeTo}. */
    @Override
    public int size() {
        return (int) batch.get(0).content().size();
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        Gathering out = new Gathering(os, buffer);
        for (int i = 0; i < batch.size(); i++) {
            WriteRequest r = batch.get(i);
            if (i > 0) {
                out.write(head(r).getBytes(StandardCharsets.US_ASCII));
            }
            long copied = r.content().writeTo(out);
            if (copied != r.content().size()) {
                throw new IOException("message changed size while being sent (" + copied + " of " + r.content().size()
                        + " bytes)");
            }
        }
        out.drain(); // before Angus ends the command's line
    }

    /** What precedes a later message's bytes: {@code " (flags) "date" {size+}\r\n"}, as Angus writes the items. */
    static String head(WriteRequest r) {
        StringBuilder b = new StringBuilder(64);
        for (String item : ImapAppender.itemsBefore(r)) {
            b.append(' ').append(item);
        }
        return b.append(" {").append(r.content().size()).append("+}\r\n").toString();
    }

    /**
     * Writes gathered in one array; a write at least its size goes straight through, after what was gathered. Not
     * {@link java.io.BufferedOutputStream}: the array is the session's, reused by each batch, and handing the gathered
     * bytes on must not flush the connection's own stream (Angus ends the command and flushes once).
     */
    static final class Gathering extends OutputStream {
        private final OutputStream out;
        private final byte[] buf;
        private int count;

        Gathering(OutputStream out, byte[] buf) {
            this.out = out;
            this.buf = buf;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buf.length) {
                drain();
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= buf.length) {
                drain();
                out.write(b, off, len);
                return;
            }
            if (len > buf.length - count) {
                drain();
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        /** Hands what was gathered on (not a flush: the caller's stream decides when bytes leave). */
        void drain() throws IOException {
            if (count > 0) {
                out.write(buf, 0, count);
                count = 0;
            }
        }
    }
}
