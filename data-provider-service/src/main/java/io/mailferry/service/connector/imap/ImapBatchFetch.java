package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.BodyBuffers;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.MessageContent;
import java.io.IOException;
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
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * The bodies of one engine batch in one round trip: every command of the batch is written back to back, then the
 * answers are read in order (RFC 3501 §5.5). Small bodies (listed at up to {@link ImapConnectionConfig#WHOLE_BODY}) go
 * together, {@code UID FETCH <uids> (UID BODY.PEEK[])} per {@link #GROUP_BYTES} or {@link #GROUP_ITEMS}; a larger
 * one as 1 MiB partial fetches {@code BODY.PEEK[]<offset.size>} from 0 to past the end of its listed size
 * (size / 1 MiB + 1 of them), so that its last chunk comes back short and ends it without another round trip.
 *
 * <p>Memory: each answer is handled as it is read ({@link ImapPipeline#stream}). A small body is handed to the handler
 * in the answer's own buffer (no copy); a chunk of a large body is appended to that message's
 * {@link BufferedContent.Writer} (a temporary file beyond 1 MiB) and dropped before the next answer is read. Besides
 * what the handler keeps, memory holds one answer: a small message (at most 4 MiB as listed; a server that lists a body
 * too small gets it read whole all the same) or a chunk of at most 1 MiB, whatever the sizes.
 *
 * <p>Round trips: one per batch on a server that answers in order, names the offsets of partial answers and listed
 * the sizes right. More when one round trip would ask for more than {@link #ROUND_BYTES} or {@link #ROUND_COMMANDS}
 * (the rest follows in the next), and for a body that needs them ({@link ImapLargeBody}): one longer than listed
 * (Exchange estimates sizes) is read on, {@link ImapLargeBody#WINDOW} chunks per round trip, until a chunk comes back
 * short; one whose partial answers name no offset goes on one chunk per round trip (its answers could not be told
 * apart); a chunk answered ahead of the one before it is asked again.
 *
 * <p>Failures: a group answered NO hands over what came and reports the rest per item (ITEM); a chunk that does not
 * come (the message was deleted meanwhile) or is refused before the body's end fails that item only (ITEM);
 * refusals of chunks past the end are ignored, and so is a refusal of the chunk right after a body that filled its
 * listed size with whole chunks (nothing past it is the message's). A throttling refusal, a BAD and a lost
 * connection throw, as {@link ImapSession#run} maps them. A temporary file that cannot be written is FATAL. After a
 * failure of its own (the spool, or the handler throwing) the rest of the round trip's answers is read and dropped,
 * so the connection stays in step, and then the failure is thrown. Bodies handed over belong to the handler; bodies
 * not yet handed over are closed on any failure, so no temporary file is left behind.
 *
 * <p>The handler gets each item once, when its body is complete or has failed: in the order the server answers
 * (the batch's order on a server answering in order), items missing from a group at that group's end. An item listed
 * undescribed ({@link ImapItems#UNDESCRIBED}) whose body is small comes described by the body's header section and
 * dated by the INTERNALDATE its group's FETCH then asks for too; a large one stays undescribed (the engine asks
 * {@code describe} for it).
 */
final class ImapBatchFetch {
    static final long GROUP_BYTES = 4L << 20;
    static final int GROUP_ITEMS = 100;
    /**
     * Bytes asked per round trip at most. The answers wait in socket buffers and at the server until read: this bounds
     * what a server produces for one client at once and what a connection lost half-way wastes; an engine batch
     * (~8 MB) stays far below it.
     */
    static final long ROUND_BYTES = 64L << 20;
    /**
     * Commands per round trip at most. All are written before the first answer is read; at ~60 bytes each, 256 of them
     * (15 KiB) fit in the socket buffers even while the server, its answers not yet read, stops reading: writing them
     * cannot block for good.
     */
    static final int ROUND_COMMANDS = 256;
    private static final int CHUNK = ImapLargeBody.CHUNK;
    private static final int WHOLE = ImapConnectionConfig.WHOLE_BODY;

    private final ImapSession session;
    private final MailFolder folder;
    private final ContentHandler handler;
    /** Groups and large bodies in the batch's order. */
    private final List<Object> parts = new ArrayList<>();
    private final List<ImapLargeBody> larges = new ArrayList<>();
    private final Map<Long, Object> byUid = new HashMap<>();
    /** The first failure of our own (spool, handler): the round trip's other answers are dropped, then it is thrown. */
    private Throwable failure;

    ImapBatchFetch(ImapSession session, MailFolder folder, List<ItemRef> items, ContentHandler handler) {
        this.session = session;
        this.folder = folder;
        this.handler = handler;
        Group group = null;
        for (ItemRef item : items) {
            if (item.size() > WHOLE) {
                ImapLargeBody large = new ImapLargeBody(item);
                parts.add(large);
                larges.add(large);
                byUid.put(item.order(), large);
                group = null; // the next small ones form a new group: answers keep the batch's order
                continue;
            }
            if (group == null || group.bytes + item.size() > GROUP_BYTES || group.items.size() >= GROUP_ITEMS) {
                group = new Group();
                parts.add(group);
            }
            Small small = new Small(item);
            group.items.add(small);
            group.bytes += item.size();
            byUid.put(item.order(), small);
        }
    }

    void run() throws MailboxException {
        try {
            for (;;) {
                List<Command> round = nextRound();
                if (round.isEmpty()) {
                    return;
                }
                MailboxException lost = null;
                try {
                    session.run("reading messages of folder \"" + folder.displayPath() + "\"", Kind.FATAL, p -> {
                        roundTrip(p, round);
                        return null;
                    });
                } catch (MailboxException e) {
                    lost = e;
                }
                if (failure != null) {
                    if (lost != null) {
                        failure.addSuppressed(lost);
                    }
                    throwFailure();
                }
                if (lost != null) {
                    throw lost;
                }
            }
        } finally {
            larges.forEach(ImapLargeBody::drop); // what was not handed over leaves no temporary file
        }
    }

    private void throwFailure() throws MailboxException {
        if (failure instanceof MailboxException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) failure;
    }

    /** The commands of the next round trip, in the batch's order, within the caps; empty when all is read. */
    private List<Command> nextRound() {
        larges.forEach(ImapLargeBody::newRound);
        List<Command> round = new ArrayList<>();
        long bytes = 0;
        for (Object part : parts) {
            if (part instanceof Group g && !g.asked) {
                if (full(round, bytes, g.bytes)) {
                    return round;
                }
                g.asked = true;
                round.add(new Command(g, null, 0));
                bytes += g.bytes;
            } else if (part instanceof ImapLargeBody l) {
                while (l.wantsChunk()) {
                    if (full(round, bytes, CHUNK)) {
                        return round;
                    }
                    round.add(new Command(null, l, l.ask()));
                    bytes += CHUNK;
                }
            }
        }
        return round;
    }

    private static boolean full(List<Command> round, long bytes, long more) {
        return !round.isEmpty() && (round.size() >= ROUND_COMMANDS || bytes + more > ROUND_BYTES);
    }

    private void roundTrip(IMAPProtocol p, List<Command> round) throws ProtocolException {
        session.select(p, folder.handle(), false);
        List<Response> others = new ArrayList<>();
        PoolingProtocol pooling = p instanceof PoolingProtocol pp ? pp : null;
        Response[] tagged;
        synchronized (p) {
            if (pooling != null) {
                pooling.pooling(true);
            }
            try {
                tagged = ImapPipeline.stream(p, () -> {
                    List<String> tags = new ArrayList<>(round.size());
                    for (Command c : round) {
                        tags.add(p.writeCommand(c.text(), null));
                    }
                    return tags;
                }, r -> answer(pooling, r, others));
            } finally {
                if (pooling != null) {
                    pooling.pooling(false);
                }
            }
        }
        p.notifyResponseHandlers(others.toArray(new Response[0]));
        if (failure == null) {
            settle(p, round, tagged);
        }
    }

    /** One untagged answer, as read: a body is handed over or spooled now, anything else kept for Angus's handlers. */
    private void answer(PoolingProtocol pooling, Response r, List<Response> others) {
        BODY body = r instanceof FetchResponse fr ? fr.getItem(BODY.class) : null;
        if (body == null) {
            others.add(r);
            return;
        }
        UID uid = ((FetchResponse) r).getItem(UID.class);
        Object part = uid == null ? null : byUid.get(uid.uid);
        if (part instanceof Small s) {
            ByteArray bytes = body.getByteArray();
            if (!s.done && bytes != null) {
                s.done = true;
                if (pooling != null && !pooling.within(bytes)) {
                    deliver(s.item, null, missing(s.item, "its answer was malformed (a body longer than the answer)"));
                    return;
                }
                // the response's own buffer, handed over as it is: no copy, hashed once
                ItemRef item = s.item.described() ? s.item : describedByBody(s.item, bytes, (FetchResponse) r);
                BodyBuffers.Lease lease = pooling == null ? null : pooling.takeLease(bytes.getBytes());
                deliver(item, lease == null ? BufferedContent.wrap(bytes.getBytes(), bytes.getStart(), bytes.getCount())
                        : BufferedContent.wrap(lease, bytes.getStart(), bytes.getCount()), null);
            }
        } else if (part instanceof ImapLargeBody l && failure == null) {
            try {
                BufferedContent whole = l.chunk(body);
                BodyBuffers.Lease copied = pooling == null || body.getByteArray() == null ? null
                        : pooling.takeLease(body.getByteArray().getBytes());
                if (copied != null) {
                    copied.release(); // the chunk was copied to its spool, and this answer is dropped
                }
                if (whole != null) {
                    deliver(l.item(), whole, null);
                }
            } catch (IOException e) {
                spoolFailed(e);
            }
        }
        // a body nobody asked for is dropped
    }

    /**
     * {@code item} (listed undescribed) described by its body's header section and dated by the answer's INTERNALDATE;
     * as it is when the section holds 8-bit text, which a server may give a listing re-encoded, or when the answer
     * carried no INTERNALDATE for an item listed undated: the engine then asks {@code describe}, and the item's keys
     * and date stay those of the listing.
     */
    private static ItemRef describedByBody(ItemRef item, ByteArray bytes, FetchResponse answer) {
        INTERNALDATE date = answer.getItem(INTERNALDATE.class);
        if (item.received() == null && (date == null || date.getDate() == null)) {
            return item; // not dated by this answer: describe dates it
        }
        ImapHeaderBlock h = ImapHeaderBlock.read(bytes.getBytes(), bytes.getStart(), bytes.getCount());
        return h.sevenBit() ? ImapItems.described(item, h, date) : item;
    }

    /** The tagged answers, in the order written: refusals and chunks that did not come. */
    private void settle(IMAPProtocol p, List<Command> round, Response[] tagged) throws ProtocolException {
        for (int i = 0; i < round.size(); i++) {
            Command c = round.get(i);
            if (c.group() != null) {
                settleGroup(p, c.group(), tagged[i]);
            } else {
                settleChunk(p, c.large(), c.offset(), tagged[i]);
            }
        }
        larges.forEach(ImapLargeBody::endRound);
    }

    private void settleGroup(IMAPProtocol p, Group g, Response tagged) throws ProtocolException {
        String refusal = null;
        if (tagged.isNO() && !ImapFailures.throttling(tagged.getRest())) {
            // e.g. Dovecot "NO Some messages could not be FETCHed": deliver what came, report the rest
            refusal = tagged.getRest();
        } else {
            p.handleResult(tagged); // a throttling NO, a BAD: the whole fetch fails, the retrier decides
        }
        for (Small s : g.items) {
            if (!s.done) {
                s.done = true;
                deliver(s.item, null, missing(s.item, refusal));
            }
        }
    }

    private void settleChunk(IMAPProtocol p, ImapLargeBody l, long offset, Response tagged)
            throws ProtocolException {
        if (!l.waitsFor(offset)) {
            return; // past the end (a refusal there is not needed), already in, or after one that did not come
        }
        String action = "reading message UID " + l.item().order() + " of folder \"" + folder.displayPath() + "\"";
        MailboxException refused = null;
        if (!tagged.isOK()) {
            try {
                p.handleResult(tagged);
            } catch (ProtocolException e) {
                refused = ImapFailures.commandFailure(session.config(), action, e, Kind.ITEM);
                if (refused.kind() != Kind.ITEM) {
                    throw e; // throttled, or the connection: the session's to map
                }
                if (expungeIssued(tagged.getRest())) {
                    refused = MailboxException.gone(refused.getMessage());
                }
            }
        } else if (l.cameUnplaced(offset)) {
            return; // it came, but could not be placed: asked again
        }
        if (l.filledListedSize()) {
            try {
                deliver(l.item(), l.end(), null); // every listed byte is in: nothing past it is the message's
            } catch (IOException e) {
                spoolFailed(e);
            }
            return;
        }
        l.drop();
        // a message that is still there answers every partial fetch, if only with an empty string
        deliver(l.item(), null, refused != null ? refused : MailboxException.gone(session.config().side()
                + " has no message UID " + l.item().order() + " in folder \"" + folder.displayPath()
                + "\" (deleted meanwhile?)"));
    }

    private void spoolFailed(IOException e) {
        // the spool's trouble, not the server's: a full or unwritable temporary directory
        if (failure == null) {
            failure = new MailboxException(Kind.FATAL, FailureText.temporaryFile(e, FailureText.temporaryDirectory()),
                    e);
        }
    }

    /**
     * No body came: without a refusal the fetch ended well and skipped the UID, which is gone (UIDs are not reused); a
     * refusal with RFC 5530's EXPUNGEISSUED says so too (Dovecot: a message another session expunged).
     */
    private MailboxException missing(ItemRef item, String refusal) {
        String text = session.config().side() + " could not deliver message UID " + item.order() + " of folder \""
                + folder.displayPath() + "\": ";
        if (refusal == null || refusal.isBlank()) {
            return MailboxException.gone(text + "it was deleted meanwhile");
        }
        return expungeIssued(refusal) ? MailboxException.gone(text + refusal.trim())
                : new MailboxException(Kind.ITEM, text + refusal.trim());
    }

    private static boolean expungeIssued(String rest) {
        return rest != null && rest.toUpperCase(java.util.Locale.ROOT).contains("[EXPUNGEISSUED]");
    }

    /** Hands a body or a failure over; after a failure of our own, only closes the body. */
    private void deliver(ItemRef item, MessageContent content, MailboxException error) {
        if (failure != null) {
            if (content != null) {
                content.close();
            }
            return;
        }
        try {
            handler.accept(item, content, error); // the handler owns the content now
        } catch (MailboxException | RuntimeException | Error e) {
            failure = e;
        }
    }

    /** One command of a round trip: a group's FETCH, or one chunk of a large body. */
    private record Command(Group group, ImapLargeBody large, long offset) {
        String text() {
            if (group != null) {
                // INTERNALDATE where a message was listed undescribed: its body describes it, and dates it (the
                // server has the message's file open anyway)
                return "UID FETCH " + UidSet.of(group.items.stream().map(s -> s.item.order()).toList())
                        + (group.items.stream().allMatch(s -> s.item.described()) ? " (UID BODY.PEEK[])"
                                : " (UID INTERNALDATE BODY.PEEK[])");
            }
            return "UID FETCH " + large.item().order() + " (UID BODY.PEEK[]<" + offset + "." + CHUNK + ">)";
        }
    }

    /** Small bodies fetched by one command. */
    private static final class Group {
        final List<Small> items = new ArrayList<>();
        long bytes;
        boolean asked;
    }

    private static final class Small {
        final ItemRef item;
        boolean done;

        Small(ItemRef item) {
            this.item = item;
        }
    }
}
