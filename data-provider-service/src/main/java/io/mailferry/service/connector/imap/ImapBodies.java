package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * Reads message bodies. Small bodies travel together: one {@code UID FETCH <uids> (UID BODY.PEEK[])} per batch of
 * at most {@link #BATCH_BYTES}. A body above {@link ImapConnectionConfig#FETCH_CHUNK} streams in 1 MiB partial
 * fetches ({@code BODY.PEEK[]<offset.size>}) straight into {@link BufferedContent}, which spools it to a temporary
 * file: memory per session stays bounded by the batch size whatever the message sizes.
 */
final class ImapBodies {
    static final long BATCH_BYTES = 4L << 20;
    static final int BATCH_ITEMS = 100;

    private final ImapSession session;

    ImapBodies(ImapSession session) {
        this.session = session;
    }

    void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
        List<ItemRef> batch = new ArrayList<>();
        long batchBytes = 0;
        for (ItemRef item : items) {
            if (item.size() > ImapConnectionConfig.FETCH_CHUNK) {
                fetchBatch(folder, batch, handler);
                batch.clear();
                batchBytes = 0;
                fetchLarge(folder, item, handler);
                continue;
            }
            if (!batch.isEmpty() && (batchBytes + item.size() > BATCH_BYTES || batch.size() >= BATCH_ITEMS)) {
                fetchBatch(folder, batch, handler);
                batch.clear();
                batchBytes = 0;
            }
            batch.add(item);
            batchBytes += item.size();
        }
        fetchBatch(folder, batch, handler);
    }

    /** What one batch brought back: the bodies by UID, and the server's words when it answered NO. */
    private record BatchResult(Map<Long, ByteArray> bodies, String refusal) {
    }

    private void fetchBatch(MailFolder folder, List<ItemRef> batch, ContentHandler handler) throws MailboxException {
        if (batch.isEmpty()) {
            return;
        }
        String uids = UidSet.of(batch.stream().map(ItemRef::order).toList());
        BatchResult result = session.run("reading messages of folder \"" + folder.displayPath() + "\"", Kind.FATAL,
                p -> {
                    session.select(p, folder.handle(), false);
                    Response[] r = p.command("UID FETCH " + uids + " (UID BODY.PEEK[])", null);
                    Response tagged = r[r.length - 1];
                    p.notifyResponseHandlers(r);
                    Map<Long, ByteArray> bodies = new HashMap<>();
                    for (Response response : r) {
                        if (response instanceof FetchResponse fr) {
                            UID uid = fr.getItem(UID.class);
                            BODY body = fr.getItem(BODY.class);
                            if (uid != null && body != null && body.getByteArray() != null) {
                                bodies.put(uid.uid, body.getByteArray());
                            }
                        }
                    }
                    if (tagged.isNO() && !ImapFailures.throttling(tagged.getRest())) {
                        // e.g. Dovecot "NO Some messages could not be FETCHed": deliver what came, report the rest
                        return new BatchResult(bodies, tagged.getRest());
                    }
                    p.handleResult(tagged);
                    return new BatchResult(bodies, null);
                });
        for (ItemRef item : batch) {
            ByteArray bytes = result.bodies().get(item.order());
            if (bytes == null) {
                handler.accept(item, null, missing(folder, item, result.refusal()));
                continue;
            }
            // the response's own buffer, handed over as it is: no copy, hashed once
            handler.accept(item, BufferedContent.wrap(bytes.getBytes(), bytes.getStart(), bytes.getCount()), null);
        }
    }

    private void fetchLarge(MailFolder folder, ItemRef item, ContentHandler handler) throws MailboxException {
        BufferedContent content;
        try {
            content = BufferedContent.read(new ChunkedBody(folder, item.order()));
        } catch (ChunkFailure e) {
            if (e.failure.kind() == Kind.ITEM) {
                handler.accept(item, null, e.failure);
                return;
            }
            throw e.failure;
        } catch (IOException e) {
            // the spool's trouble, not the server's (ChunkFailure is that): a full or unwritable temporary directory
            throw new MailboxException(Kind.FATAL, FailureText.temporaryFile(e, FailureText.temporaryDirectory()), e);
        }
        handler.accept(item, content, null); // the handler owns it now
    }

    /** Lowercase hex SHA-256 of the stored message, streamed in chunks (never buffered whole). */
    String sha256(MailFolder folder, long uid) throws MailboxException {
        try (InputStream in = new ChunkedBody(folder, uid)) {
            return BufferedContent.sha256Of(in);
        } catch (ChunkFailure e) {
            throw e.failure;
        } catch (IOException e) {
            throw new MailboxException(Kind.CONNECTION, session.config().side() + " failed while reading message UID "
                    + uid + ": " + e.getMessage(), e);
        }
    }

    private MailboxException missing(MailFolder folder, ItemRef item, String refusal) {
        String why = refusal == null || refusal.isBlank() ? "it was deleted meanwhile" : refusal.trim();
        return new MailboxException(Kind.ITEM, session.config().side() + " could not deliver message UID " + item.order()
                + " of folder \"" + folder.displayPath() + "\": " + why);
    }

    /** An IOException carrying the mailbox failure through {@link BufferedContent#read}. */
    private static final class ChunkFailure extends IOException {
        final MailboxException failure;

        ChunkFailure(MailboxException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }

    /** The body of one message as a stream of 1 MiB partial fetches. */
    private final class ChunkedBody extends InputStream {
        private final MailFolder folder;
        private final long uid;
        private long offset;
        private byte[] chunk = new byte[0];
        private int chunkStart;
        private int chunkEnd;
        private boolean eof;

        ChunkedBody(MailFolder folder, long uid) {
            this.folder = folder;
            this.uid = uid;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (chunkStart == chunkEnd && !fill()) {
                return -1;
            }
            int n = Math.min(len, chunkEnd - chunkStart);
            System.arraycopy(chunk, chunkStart, b, off, n);
            chunkStart += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            int size = ImapConnectionConfig.FETCH_CHUNK;
            ByteArray bytes;
            try {
                bytes = session.run("reading message UID " + uid + " of folder \"" + folder.displayPath() + "\"",
                        Kind.ITEM, p -> fetchChunk(p, offset, size));
            } catch (MailboxException e) {
                throw new ChunkFailure(e);
            }
            if (bytes == null) {
                if (offset == 0) {
                    throw new ChunkFailure(new MailboxException(Kind.ITEM, session.config().side()
                            + " has no message UID " + uid + " in folder \"" + folder.displayPath()
                            + "\" (deleted meanwhile?)"));
                }
                eof = true;
                return false;
            }
            chunk = bytes.getBytes();
            chunkStart = bytes.getStart();
            chunkEnd = bytes.getStart() + bytes.getCount();
            offset += bytes.getCount();
            eof = bytes.getCount() < size;
            return bytes.getCount() > 0 || fill();
        }

        private ByteArray fetchChunk(IMAPProtocol p, long from, int size) throws ProtocolException {
            session.select(p, folder.handle(), false);
            Response[] r = ImapSession.execute(p,
                    "UID FETCH " + uid + " (UID BODY.PEEK[]<" + from + "." + size + ">)", null);
            for (Response response : r) {
                if (response instanceof FetchResponse fr) {
                    UID u = fr.getItem(UID.class);
                    BODY body = fr.getItem(BODY.class);
                    if (u != null && u.uid == uid && body != null) {
                        return body.getByteArray() == null ? new ByteArray(0) : body.getByteArray();
                    }
                }
            }
            return null;
        }
    }
}
