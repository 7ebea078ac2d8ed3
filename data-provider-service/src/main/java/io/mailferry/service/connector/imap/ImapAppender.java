package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.MessageContent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Appends with flags and INTERNALDATE, as few round trips as the server allows. Angus's own
 * {@code IMAPFolder.appendUIDMessages} sends one APPEND per message and waits for each tagged answer (and buffers
 * each message in memory first); see docs/decisions/0004-imap-pipelining.md. Here:
 * <ul>
 * <li>MULTIAPPEND + LITERAL+: one APPEND command for the whole batch (atomic on the server). If the server refuses
 *     it, nothing was stored, so the batch is retried message by message to find the one it objects to.</li>
 * <li>LITERAL+ only: the APPEND commands are pipelined — all written, then all tagged answers read — so the batch
 *     costs one round trip and every message still gets its own answer.</li>
 * <li>neither: one APPEND after the other (synchronising literals need a round trip each anyway).</li>
 * </ul>
 * Bodies go into the literal by {@link MessageContent#writeTo} (from their array or spool); a MULTIAPPEND's lines and
 * bodies under 64 KiB gather into writes of up to 64 KiB on the way ({@link BatchLiteral}), the 64 KiB pieces of
 * larger bodies go as they come.
 */
final class ImapAppender {
    /** How to append; AUTO picks by capability, the others exist for measurements and tests. */
    enum Mode { AUTO, SEQUENTIAL, PIPELINED, MULTIAPPEND }

    /** Outstanding bytes per pipelined/multi batch, so a huge batch does not sit unacknowledged in socket buffers. */
    static final long MAX_BATCH_BYTES = 32L << 20;
    /** As many as the engine's largest batch (a page of 500; larger batches over a slow link): one round trip. */
    static final int MAX_BATCH_ITEMS = 500;
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID\\s+(\\d+)\\s+([0-9:,]+)\\]",
            Pattern.CASE_INSENSITIVE);

    private final ImapSession session;
    private final Mode mode;
    /** Where a MULTIAPPEND's writes gather ({@link BatchLiteral}); this session's, reused by each of its batches. */
    private final byte[] gathering = new byte[MessageContent.WRITE_SIZE];
    /**
     * Exchange Online: the smallest message size the mailbox refused as too large (Long.MAX_VALUE: none yet), shared
     * by the sessions of one mailbox so a reconnect does not send such a message again.
     */
    private final AtomicLong refusedSize;

    ImapAppender(ImapSession session, Mode mode) {
        this(session, mode, new AtomicLong(Long.MAX_VALUE));
    }

    ImapAppender(ImapSession session, Mode mode, AtomicLong refusedSize) {
        this.session = session;
        this.mode = mode;
        this.refusedSize = refusedSize;
    }

    List<WriteResult> append(MailFolder folder, List<WriteRequest> requests) throws MailboxException {
        if (!session.config().exchangeOnline()) {
            return appendAll(folder, requests);
        }
        // Exchange Online: refuse per item what the server would refuse, so its refusals do not add up to the ten
        // errors after which it drops the session
        WriteResult[] results = new WriteResult[requests.size()];
        List<WriteRequest> accepted = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            long size = requests.get(i).content().size();
            String refusal = size >= refusedSize.get() ? ExchangeOnlineRules.tooLargeForMailbox(size, refusedSize.get())
                    : ExchangeOnlineRules.refusal(requests.get(i).content());
            if (refusal != null) {
                results[i] = WriteResult.rejected(refusal);
            } else {
                accepted.add(requests.get(i));
            }
        }
        if (accepted.size() == requests.size()) {
            return appendAll(folder, requests);
        }
        List<WriteResult> written = accepted.isEmpty() ? List.of() : appendAll(folder, accepted);
        for (int i = 0, j = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = written.get(j++);
            }
        }
        return List.of(results);
    }

    private List<WriteResult> appendAll(MailFolder folder, List<WriteRequest> requests) throws MailboxException {
        List<WriteResult> results = new ArrayList<>(requests.size());
        List<WriteRequest> batch = new ArrayList<>();
        long bytes = 0;
        for (WriteRequest r : requests) {
            if (!batch.isEmpty() && (bytes + r.content().size() > MAX_BATCH_BYTES || batch.size() >= MAX_BATCH_ITEMS)) {
                results.addAll(appendBatch(folder, batch));
                batch.clear();
                bytes = 0;
            }
            batch.add(r);
            bytes += r.content().size();
        }
        if (!batch.isEmpty()) {
            results.addAll(appendBatch(folder, batch));
        }
        return results;
    }

    private List<WriteResult> appendBatch(MailFolder folder, List<WriteRequest> batch) throws MailboxException {
        boolean literalPlus = session.hasCapability("LITERAL+");
        boolean multi = session.hasCapability("MULTIAPPEND");
        Mode m = mode;
        if (m == Mode.AUTO) {
            m = literalPlus && multi && batch.size() > 1 ? Mode.MULTIAPPEND
                    : literalPlus ? Mode.PIPELINED : Mode.SEQUENTIAL;
        }
        String action = "appending to folder \"" + folder.displayPath() + "\"";
        List<WriteResult> results = null;
        if (m == Mode.MULTIAPPEND) {
            results = session.run(action, Kind.FATAL, p -> multiAppend(p, folder, batch));
            if (results == null) {
                m = literalPlus ? Mode.PIPELINED : Mode.SEQUENTIAL;
            }
        }
        if (results == null) {
            Mode chosen = m;
            results = session.run(action, Kind.FATAL, p -> chosen == Mode.PIPELINED
                    ? pipelined(p, folder, batch) : sequential(p, folder, batch));
        }
        // A "slow down" refusal is the session's problem, not the messages': back off and retry. Messages of the batch
        // stored before or after it are found by the engine's reconciliation of the batch's pending writes, so no
        // throttled message ends as a failed item and none is written twice.
        String throttle = null;
        for (WriteResult r : results) {
            if (!r.ok() && ImapFailures.throttling(r.error())) {
                throttle = r.error();
            }
        }
        if (throttle != null) {
            throw ImapFailures.throttled(session.config().side(), session.config().side() + " asks to slow down while "
                    + action + ": " + throttle, throttle, null);
        }
        return results;
    }

    /** One APPEND for the batch; null when the server refused it (nothing stored), so the caller retries singly. */
    private List<WriteResult> multiAppend(IMAPProtocol p, MailFolder folder, List<WriteRequest> batch)
            throws ProtocolException {
        Argument args = mailbox(p, folder);
        for (WriteRequest r : batch) {
            if (r.content().size() > Integer.MAX_VALUE) {
                return null; // a message we cannot even send: let the per-message path reject it alone
            }
        }
        if (p.hasCapability("LITERAL+")) { // Angus then writes the first literal non-synchronising too
            // the first message's items, then every message's bytes and the later ones' items through one buffer
            items(args, batch.get(0));
            args.writeBytes(new BatchLiteral(batch, gathering));
        } else {
            for (WriteRequest r : batch) { // each literal waits for the server's go-ahead (a forced mode's test)
                message(args, r);
            }
        }
        Response[] responses = p.command("APPEND", args);
        p.notifyResponseHandlers(responses);
        Response tagged = responses[responses.length - 1];
        if (tagged.isBYE()) {
            p.handleResult(tagged);
        }
        if (!tagged.isOK()) {
            if (ImapFailures.throttling(tagged.getRest())) {
                List<WriteResult> refused = new ArrayList<>();
                batch.forEach(r -> refused.add(WriteResult.rejected(tagged.getRest().trim())));
                return refused;
            }
            return null;
        }
        List<Long> uids = appendUids(tagged.getRest());
        long uidValidity = appendUidValidity(tagged.getRest());
        List<WriteResult> results = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            results.add(WriteResult.stored(ImapIds.item(uidValidity, uids.size() == batch.size() ? uids.get(i) : 0)));
        }
        return results;
    }

    /** All APPENDs written back to back (non-synchronising literals), then all tagged answers read. */
    private List<WriteResult> pipelined(IMAPProtocol p, MailFolder folder, List<WriteRequest> batch)
            throws ProtocolException {
        WriteResult[] results = new WriteResult[batch.size()];
        ImapPipeline.Answers answers = ImapPipeline.run(p, () -> {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Argument args = mailbox(p, folder);
                if (message(args, batch.get(i))) {
                    tags.add(p.writeCommand("APPEND", args));
                } else {
                    tags.add(null);
                    results[i] = tooLarge(batch.get(i));
                }
            }
            return tags;
        });
        for (int i = 0; i < batch.size(); i++) {
            if (answers.tagged()[i] != null) {
                results[i] = learn(batch.get(i), result(answers.tagged()[i]));
            }
        }
        p.notifyResponseHandlers(answers.untagged().toArray(new Response[0]));
        return List.of(results);
    }

    private List<WriteResult> sequential(IMAPProtocol p, MailFolder folder, List<WriteRequest> batch)
            throws ProtocolException {
        List<WriteResult> results = new ArrayList<>();
        for (WriteRequest r : batch) {
            Argument args = mailbox(p, folder);
            if (!message(args, r)) {
                results.add(tooLarge(r));
                continue;
            }
            Response[] responses = p.command("APPEND", args);
            p.notifyResponseHandlers(responses);
            Response tagged = responses[responses.length - 1];
            if (tagged.isBYE()) {
                p.handleResult(tagged);
            }
            results.add(learn(r, result(tagged)));
        }
        return results;
    }

    /** Keeps the size of a message Exchange Online refused as too large, as read (before a later answer may drop us). */
    private WriteResult learn(WriteRequest r, WriteResult result) {
        if (!result.ok() && session.config().exchangeOnline() && ExchangeOnlineRules.sizeRefusal(result.error())) {
            refusedSize.accumulateAndGet(r.content().size(), Math::min);
        }
        return result;
    }

    private WriteResult tooLarge(WriteRequest r) {
        return WriteResult.rejected("The message is too large for IMAP APPEND (" + r.content().size() + " bytes).");
    }

    private static WriteResult result(Response tagged) {
        if (tagged.isOK()) {
            List<Long> uids = appendUids(tagged.getRest());
            return WriteResult.stored(ImapIds.item(appendUidValidity(tagged.getRest()), uids.size() == 1 ? uids.get(0) : 0));
        }
        String words = tagged.getRest() == null ? "" : tagged.getRest().trim();
        return WriteResult.rejected(words.isEmpty() ? "The server refused the message." : words);
    }

    /** The UIDVALIDITY of an {@code [APPENDUID v uids]} answer, 0 when there is none. */
    static long appendUidValidity(String text) {
        Matcher m = text == null ? null : APPENDUID.matcher(text);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The UIDs of an {@code [APPENDUID v uids]} answer, in its order; none when there is none. */
    static List<Long> appendUids(String text) {
        Matcher m = text == null ? null : APPENDUID.matcher(text);
        if (m == null || !m.find()) {
            return new ArrayList<>();
        }
        return UidSet.parse(m.group(2));
    }

    /** The folder's name as a command argument: UTF-8 when the server accepts it, else modified UTF-7. */
    static Argument mailbox(IMAPProtocol p, MailFolder folder) {
        return mailbox(p, folder.handle());
    }

    /** A mailbox name as Angus writes it: UTF-8 where the session enabled it, else modified UTF-7 (RFC 3501 §5.1.3). */
    static Argument mailbox(IMAPProtocol p, String fullName) {
        Argument args = new Argument();
        if (p.supportsUtf8()) {
            args.writeString(fullName, StandardCharsets.UTF_8);
        } else {
            args.writeString(BASE64MailboxEncoder.encode(fullName));
        }
        return args;
    }

    /** Adds "[(flags)] ["date"] literal"; false when the message cannot be expressed as an IMAP literal. */
    private static boolean message(Argument args, WriteRequest r) {
        if (r.content().size() > Integer.MAX_VALUE) {
            return false;
        }
        items(args, r);
        args.writeBytes(new ContentLiteral(r.content()));
        return true;
    }

    /** Adds "[(flags)] ["date"]": the items before a message's literal ({@link #itemsBefore}). */
    private static void items(Argument args, WriteRequest r) {
        for (String item : itemsBefore(r)) {
            args.writeAtom(item);
        }
    }

    /**
     * What precedes a message's literal in an APPEND: its flag list, when it has one, and its quoted date, when it has
     * one — written by Angus as atoms ({@link #items}) or behind a previous literal ({@link BatchLiteral}).
     */
    static List<String> itemsBefore(WriteRequest r) {
        List<String> items = new ArrayList<>(2);
        String flags = ImapFlags.appendList(ImapFlags.toFlags(r.state()));
        if (flags != null) {
            items.add(flags);
        }
        if (r.received() != null) {
            // quoted here: the date has no character that needs escaping, and an atom is written as it is (Angus's
            // quoting scans and copies every string, and its SimpleDateFormat cost more CPU than the rest of it)
            items.add('"' + internalDate(r.received()) + '"');
        }
        return items;
    }

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
        "Dec"};

    private static final Instant FIRST_DATE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_DATE = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * RFC 3501's date-time ({@code 06-May-2021 07:08:09 +0000}) of {@code at}, in UTC, whole seconds; a date outside
     * the years 1 to 9999 (which have four digits) is written as the nearest one within them.
     */
    static String internalDate(Instant at) {
        Instant within = at.isBefore(FIRST_DATE) ? FIRST_DATE : at.isAfter(LAST_DATE) ? LAST_DATE : at;
        LocalDateTime t = LocalDateTime.ofEpochSecond(within.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(26);
        two(b, t.getDayOfMonth()).append('-').append(MONTHS[t.getMonthValue() - 1]).append('-');
        int year = t.getYear();
        b.append(year < 1000 ? "0" : "").append(year < 100 ? "0" : "").append(year < 10 ? "0" : "").append(year);
        b.append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        return two(b, t.getSecond()).append(" +0000").toString();
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** Streams the buffered message into the connection. */
    private record ContentLiteral(MessageContent content) implements Literal {
        @Override
        public int size() {
            return (int) content.size();
        }

        @Override
        public void writeTo(OutputStream os) throws IOException {
            long copied = content.writeTo(os);
            if (copied != content.size()) {
                throw new IOException("message changed size while being sent (" + copied + " of " + content.size()
                        + " bytes)");
            }
        }
    }
}
