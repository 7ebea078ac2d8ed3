package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ItemRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.protocol.BODY;

/**
 * One body listed above {@link ImapConnectionConfig#WHOLE_BODY}, read in 1 MiB partial fetches over the round trips of an
 * {@link ImapBatchFetch}: which offsets to ask next, where each answer belongs, and the spool its chunks are appended
 * to in offset order ({@link BufferedContent.Writer} for its listed size: a temporary file). An answer is placed
 * by the offset it names ({@code BODY[]<origin>}); when several were asked in one round trip and an answer names none
 * or one not asked (or twice), none of that round trip's can be placed, and the body goes on one chunk per round trip,
 * where the one answer is the one asked. An answer that comes ahead of the one before it is dropped and asked again:
 * memory never holds more than the chunk being appended. Not thread-safe.
 */
final class ImapLargeBody {
    static final int CHUNK = ImapConnectionConfig.FETCH_CHUNK;
    /** Chunks asked per round trip past the listed size of a body longer than listed. */
    static final int WINDOW = 4;

    private final ItemRef item;
    /** Opened with the first chunk; null once handed over or dropped. */
    private BufferedContent.Writer spool;
    /** Offset of the next byte wanted. */
    private long next;
    /** Chunks asked up to here, and planned up to here: past the end of the listed size, so the last comes short. */
    private long askedTo;
    private long planTo;
    /** The server names no offsets in its partial answers: one chunk per round trip. */
    private boolean oneByOne;
    private boolean done;
    /** This round trip: the offsets asked, the named offsets that came, and whether answers could not be placed. */
    private final List<Long> asked = new ArrayList<>();
    private final Set<Long> seen = new HashSet<>();
    private boolean confused;

    ImapLargeBody(ItemRef item) {
        this.item = item;
        this.planTo = (item.size() / CHUNK + 1) * CHUNK;
    }

    ItemRef item() {
        return item;
    }

    /** Handed over, failed or dropped: nothing more to ask or take. */
    boolean done() {
        return done;
    }

    void newRound() {
        asked.clear();
        seen.clear();
        confused = false;
    }

    /** True when this round trip may ask one more chunk of it. */
    boolean wantsChunk() {
        return !done && askedTo < planTo && !(oneByOne && !asked.isEmpty());
    }

    /** The offset of the next chunk to ask in this round trip. */
    long ask() {
        long offset = askedTo;
        asked.add(offset);
        askedTo += CHUNK;
        return offset;
    }

    /**
     * Takes one answer of this round trip: appended when it is the next chunk, else dropped. Returns the whole body
     * when this chunk came back short (the end), else null.
     *
     * @throws IOException the spool could not be written (then nothing of the body is kept)
     */
    BufferedContent chunk(BODY body) throws IOException {
        if (done || asked.isEmpty()) {
            return null;
        }
        long origin = body.getOrigin();
        if (asked.size() == 1) {
            origin = asked.get(0); // the one asked, named or not
        } else if (confused || origin < 0 || !asked.contains(origin) || !seen.add(origin)) {
            confused = true; // unnamed or repeated offsets: no answer of this round trip can be placed
            return null;
        }
        if (origin != next) {
            return null; // ahead of the one before it: asked again next round trip
        }
        ByteArray bytes = body.getByteArray();
        int count = bytes == null ? 0 : bytes.getCount();
        try {
            if (spool == null) {
                spool = BufferedContent.writer(item.size());
            }
            if (count > 0) {
                spool.write(bytes.getBytes(), bytes.getStart(), count);
            }
        } catch (IOException e) {
            drop();
            throw e;
        }
        next += count;
        return count < CHUNK ? end() : null;
    }

    /** True when the chunk at {@code offset}, asked this round trip, is the one the body waits for. */
    boolean waitsFor(long offset) {
        return !done && offset == next;
    }

    /** True when an answer for {@code offset} came this round trip but could not be placed (it is asked again). */
    boolean cameUnplaced(long offset) {
        return confused || seen.contains(offset);
    }

    /** True when whole chunks filled exactly the listed size: a chunk past it, refused or not, is not the message's. */
    boolean filledListedSize() {
        return next > 0 && next == item.size();
    }

    /** The body as read so far, complete. */
    BufferedContent end() throws IOException {
        try {
            BufferedContent content = spool.finish();
            spool = null;
            done = true;
            return content;
        } catch (IOException e) {
            drop();
            throw e;
        }
    }

    /** After the round trip's answers: what did not come in turn is asked again, a body longer than listed read on. */
    void endRound() {
        if (done || asked.isEmpty()) {
            return;
        }
        oneByOne |= confused;
        askedTo = next;
        if (planTo <= next) {
            planTo = next + (long) WINDOW * CHUNK;
        }
    }

    /** Drops what was spooled (the body is not handed over) and asks nothing more. */
    void drop() {
        done = true;
        if (spool != null) {
            spool.close();
            spool = null;
        }
    }
}
