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
            content = BufferedContent.read(new ChunkedBody(folder, item.order(), item.size()));
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
        try (InputStream in = new ChunkedBody(folder, uid, 0)) {
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

    /**
     * The body of one message as a stream of 1 MiB partial fetches, up to {@value #WINDOW} of them written back to
     * back and answered in one round trip (so a 25 MB message takes 7 round trips, not 25). Memory holds the window's
     * answers at most: {@value #WINDOW} MiB, whatever the message's size. The window is sized from the size the
     * listing gave ({@code sizeHint}, 0 when unknown); a body longer than its hint (Exchange estimates sizes) is read
     * on until a chunk comes back short.
     */
    private final class ChunkedBody extends InputStream {
        private static final int WINDOW = 4;
        private final MailFolder folder;
        /** Partial fetches per round trip: {@value #WINDOW}, or 1 for a server that does not name their offsets. */
        private int window = WINDOW;
        private final long uid;
        private final long sizeHint;
        private final java.util.ArrayDeque<ByteArray> fetched = new java.util.ArrayDeque<>();
        private long offset;
        private byte[] chunk = new byte[0];
        private int chunkStart;
        private int chunkEnd;
        private boolean eof;

        ChunkedBody(MailFolder folder, long uid, long sizeHint) {
            this.folder = folder;
            this.uid = uid;
            this.sizeHint = sizeHint;
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
            while (chunkStart == chunkEnd) {
                if (!next()) {
                    return -1;
                }
            }
            int n = Math.min(len, chunkEnd - chunkStart);
            System.arraycopy(chunk, chunkStart, b, off, n);
            chunkStart += n;
            return n;
        }

        /** Makes the next fetched chunk current (fetching a window when none is left); false at the end. */
        private boolean next() throws IOException {
            if (fetched.isEmpty() && !fillWindow()) {
                return false;
            }
            ByteArray bytes = fetched.poll();
            chunk = bytes.getBytes();
            chunkStart = bytes.getStart();
            chunkEnd = bytes.getStart() + bytes.getCount();
            return true;
        }

        private boolean fillWindow() throws IOException {
            if (eof) {
                return false;
            }
            int size = ImapConnectionConfig.FETCH_CHUNK;
            long left = sizeHint - offset;
            int count = (int) Math.max(1, Math.min(window, (left + size - 1) / size));
            List<ByteArray> chunks;
            try {
                chunks = session.run("reading message UID " + uid + " of folder \"" + folder.displayPath() + "\"",
                        Kind.ITEM, p -> fetchChunks(p, offset, size, count));
            } catch (MailboxException e) {
                throw new ChunkFailure(e);
            }
            if (chunks == null) {
                window = 1; // the server did not name the offsets asked: one chunk per round trip, as asked
                return fillWindow();
            }
            for (ByteArray bytes : chunks) {
                if (bytes == null) {
                    // a message that is still there answers every partial fetch, if only with an empty string
                    throw new ChunkFailure(new MailboxException(Kind.ITEM, session.config().side()
                            + " has no message UID " + uid + " in folder \"" + folder.displayPath()
                            + "\" (deleted meanwhile?)"));
                }
                fetched.add(bytes);
                offset += bytes.getCount();
                if (bytes.getCount() < size) {
                    eof = true;
                    break;
                }
            }
            return !fetched.isEmpty();
        }

        /**
         * {@code count} partial fetches from {@code from} in one round trip, each found by the offset the answer names;
         * a null entry for a chunk the server left out. Refusals count up to the first chunk that is short or missing
         * (a chunk past the end may be refused when the listed size was too high). Null when more than one chunk was
         * asked and an answer names no offset asked (then they cannot be told apart).
         */
        private List<ByteArray> fetchChunks(IMAPProtocol p, long from, int size, int count)
                throws ProtocolException {
            session.select(p, folder.handle(), false);
            ImapPipeline.Answers answers = ImapPipeline.run(p, () -> {
                List<String> tags = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    tags.add(p.writeCommand("UID FETCH " + uid + " (UID BODY.PEEK[]<" + (from + (long) i * size) + "."
                            + size + ">)", null));
                }
                return tags;
            });
            List<Response> others = new ArrayList<>();
            Map<Long, ByteArray> byOrigin = new HashMap<>();
            boolean unnamed = false;
            for (Response response : answers.untagged()) {
                if (response instanceof FetchResponse fr && fr.getItem(UID.class) != null
                        && fr.getItem(UID.class).uid == uid && fr.getItem(BODY.class) != null) {
                    BODY body = fr.getItem(BODY.class);
                    long origin = count == 1 ? from : body.getOrigin();
                    unnamed |= origin < from || (origin - from) % size != 0 || origin >= from + (long) count * size
                            || byOrigin.containsKey(origin);
                    byOrigin.put(origin, body.getByteArray() == null ? new ByteArray(0) : body.getByteArray());
                } else {
                    others.add(response);
                }
            }
            p.notifyResponseHandlers(others.toArray(new Response[0]));
            if (unnamed) {
                return null;
            }
            List<ByteArray> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ByteArray bytes = byOrigin.get(from + (long) i * size);
                p.handleResult(answers.tagged()[i]);
                out.add(bytes);
                if (bytes == null || bytes.getCount() < size) {
                    break; // the end: what was asked past it may be refused, and is not needed
                }
            }
            return out;
        }
    }
}
