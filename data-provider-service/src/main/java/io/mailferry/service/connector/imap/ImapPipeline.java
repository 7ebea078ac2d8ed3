package io.mailferry.service.connector.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Several commands written back to back, then every answer read: one round trip for all of them (RFC 3501 §5.5 lets a
 * client send a command before the previous one is answered; the server answers each under its tag). Used for the
 * APPENDs of a batch, EXAMINE with its SEARCH, the STATUS of many folders, and the FETCHes of a batch
 * ({@link ImapBatchFetch}, which streams the answers). A connection that fails half-way is closed: with half a
 * pipeline on the wire it cannot be trusted any more.
 */
final class ImapPipeline {
    private ImapPipeline() {
    }

    /** Writes the commands and answers the tag of each in order; a null tag is a command left out. */
    @FunctionalInterface
    interface Writes {
        List<String> write() throws IOException, ProtocolException;
    }

    /**
     * What came back: the tagged answer of each written command (index of its tag; null where the tag was null), and
     * every untagged response in the order received.
     */
    record Answers(Response[] tagged, List<Response> untagged) {
    }

    static Answers run(IMAPProtocol p, Writes writes) throws ProtocolException {
        List<Response> untagged = new ArrayList<>();
        Response[] tagged = stream(p, writes, untagged::add);
        return new Answers(tagged, untagged);
    }

    /**
     * As {@link #run}, but each untagged response goes to {@code untagged} as soon as it is read, so that a caller can
     * handle a large answer and let it go before the next is read: memory holds one response at a time, not all of
     * them. The consumer must not throw (it keeps its own failures): a throw is taken for a broken connection. Returns
     * the tagged answer of each written command (index of its tag; null where the tag was null).
     */
    static Response[] stream(IMAPProtocol p, Writes writes, Consumer<Response> untagged) throws ProtocolException {
        return stream(p, writes, untagged, i -> { });
    }

    /**
     * As {@link #run}, also telling where each command's tagged answer came among the untagged ones: {@code ends()[i]}
     * is how many untagged responses had been read when command {@code i}'s tagged answer arrived (-1 for a command
     * left out). A server may run pipelined commands side by side (RFC 3501 §5.5; Dovecot runs a SEARCH and a FETCH of
     * one folder at once, interleaving their answers), so these are boundaries between commands that cannot overlap —
     * a SELECT or EXAMINE waits for every command before it — not between any two.
     */
    static Split runSplit(IMAPProtocol p, Writes writes) throws ProtocolException {
        List<Response> all = new ArrayList<>();
        List<int[]> bounds = new ArrayList<>();
        Response[] tagged = stream(p, writes, all::add, i -> bounds.add(new int[] {i, all.size()}));
        int[] ends = new int[tagged.length];
        java.util.Arrays.fill(ends, -1);
        bounds.forEach(b -> ends[b[0]] = b[1]);
        return new Split(tagged, ends, all);
    }

    /** What {@link #runSplit} read: the tagged answers, where each came, and every untagged answer in order. */
    record Split(Response[] tagged, int[] ends, List<Response> all) {
    }

    /** As {@link #stream(IMAPProtocol, Writes, Consumer)}; {@code tagged} is told the index of each tagged answer. */
    private static Response[] stream(IMAPProtocol p, Writes writes, Consumer<Response> untagged, IntConsumer tagged)
            throws ProtocolException {
        synchronized (p) {
            try {
                List<String> tags = writes.write();
                Response[] answers = new Response[tags.size()];
                long pending = tags.stream().filter(Objects::nonNull).count();
                while (pending > 0) {
                    Response r = p.readResponse();
                    if (r.isBYE()) {
                        throw new ConnectionException(p, r);
                    }
                    int i = r.isTagged() ? tags.indexOf(r.getTag()) : -1;
                    if (i >= 0) {
                        answers[i] = r;
                        pending--;
                        tagged.accept(i);
                    } else if (!r.isContinuation()) {
                        untagged.accept(r);
                    }
                }
                return answers;
            } catch (ConnectionException e) {
                throw e;
            } catch (IOException | ProtocolException | RuntimeException e) {
                // answers may still be unread (e.g. one that could not be parsed): later commands would read them
                p.disconnect();
                throw new ConnectionException(p, Response.byeResponse(e));
            }
        }
    }
}
