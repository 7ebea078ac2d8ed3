package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.ContentHash;
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
 * Reads message bodies: the bodies of a batch through {@link ImapBatchFetch} (one round trip, memory flat), and the
 * {@link ContentHash} of one stored message through {@link ChunkedBody}, 1 MiB partial fetches
 * ({@code BODY.PEEK[]<offset.size>}) hashed as they come: memory holds {@value ChunkedBody#WINDOW} chunks at most, whatever the message's size.
 */
final class ImapBodies {
    private final ImapSession session;

    ImapBodies(ImapSession session) {
        this.session = session;
    }

    /** See {@link ImapBatchFetch} for the round trips, memory and failures. */
    void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
        new ImapBatchFetch(session, folder, items, handler).run();
    }

    /** The stored message's {@link ContentHash}, streamed in chunks (never buffered whole). */
    ContentHash.Computed contentHash(MailFolder folder, long uid) throws MailboxException {
        try (InputStream in = new ChunkedBody(folder, uid, 0)) {
            return ContentHash.ofStored(in);
        } catch (ChunkFailure e) {
            throw e.failure;
        } catch (IOException e) {
            throw new MailboxException(Kind.CONNECTION, session.config().side() + " failed while reading message UID "
                    + uid + ": " + e.getMessage(), e);
        }
    }

    /** An IOException carrying the mailbox failure through {@link ContentHash#ofStored}. */
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
                    throw new ChunkFailure(MailboxException.gone(session.config().side()
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
