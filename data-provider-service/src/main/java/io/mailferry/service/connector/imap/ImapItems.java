package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemDescription;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists messages without bodies. Paging keeps a snapshot of the folder's UIDs (one UID SEARCH when a listing starts),
 * so every page afterwards is exactly one {@code UID FETCH <uids> (UID RFC822.SIZE FLAGS INTERNALDATE
 * BODY.PEEK[HEADER.FIELDS (...)])} round trip, whatever the folder's size ({@code (UID RFC822.SIZE FLAGS)} for a
 * listing of states, {@link #STATES}).
 */
final class ImapItems {
    private static final Logger LOG = LoggerFactory.getLogger(ImapItems.class);
    /** STATUS commands written before their answers are read; more would fill the socket buffers both ways. */
    static final int STATUS_DEPTH = 100;
    static final String ITEMS = "(UID RFC822.SIZE FLAGS INTERNALDATE "
            + "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID DATE FROM TO CC SUBJECT)])";

    /** How a listed message becomes an item. */
    enum Shape {
        /** Everything an item holds ({@link #toItem}). */
        FULL,
        /** Id, UID, size and state ({@link #toState}). */
        STATES,
        /** As {@link #STATES}, undescribed, dated where INTERNALDATE was fetched ({@link #toUndescribed}). */
        UNDESCRIBED
    }

    /** What a listing fetches of each message, and how each becomes an item. */
    record Fetch(String items, Shape shape) {
    }

    /** Everything an item of the engine holds. */
    static final Fetch FULL = new Fetch(ITEMS, Shape.FULL);
    /**
     * UID, size and flags only (the target's {@code listStates}): a server answers them from its index, where the
     * header fields may mean reading every message's file (Dovecot, for messages nobody has fetched yet).
     */
    static final Fetch STATES = new Fetch("(UID RFC822.SIZE FLAGS)", Shape.STATES);
    /**
     * A copy's listing without the header fields ({@code listUndescribed}): the bodies describe the messages
     * ({@link ImapBatchFetch}), and the source server opens each file once instead of twice (ADR 0052).
     */
    static final Fetch UNDESCRIBED = new Fetch("(UID RFC822.SIZE FLAGS)", Shape.UNDESCRIBED);
    /** As {@link #UNDESCRIBED}, dated: for a date filter, which needs each message's INTERNALDATE before its body. */
    static final Fetch UNDESCRIBED_DATED = new Fetch("(UID RFC822.SIZE FLAGS INTERNALDATE)", Shape.UNDESCRIBED);

    static final int STORE_CHUNK = 1000;

    private final ImapSession session;
    private String snapshotFolder;
    private long[] snapshot = new long[0];

    ImapItems(ImapSession session) {
        this.session = session;
    }

    /**
     * UIDVALIDITY, UIDNEXT, MESSAGES and, when the server offers CONDSTORE, HIGHESTMODSEQ and with STATUS=SIZE (RFC
     * 8438, e.g. Dovecot) the folder's SIZE, in one STATUS; a NOOP first when the folder is the one selected (Dovecot
     * 2.3 answered a stale HIGHESTMODSEQ otherwise). Asking for HIGHESTMODSEQ enables CONDSTORE for the session
     * (RFC 7162 §3.1); a server that keeps no mod-sequences for the folder answers 0.
     */
    FolderState state(MailFolder folder) throws MailboxException {
        String[] items = statusItems();
        Status s = session.run("reading the state of folder \"" + folder.displayPath() + "\"", Kind.FATAL, p -> {
            syncIfSelected(p, folder); // Dovecot answers STATUS on the selected folder from the session's view
            try {
                return p.status(folder.handle(), items);
            } catch (CommandFailedException e) {
                if (!ImapFailures.alreadyExists(e)) {
                    throw e;
                }
                // the server created the folder (INBOX) for another session at that instant: it is there now
                return p.status(folder.handle(), items);
            }
        });
        return folderState(s);
    }

    /**
     * The states of {@code folders} in one round trip: their STATUS commands pipelined (after a NOOP when one of them
     * is selected, as in {@link #state}). A folder the server refuses is read again alone by {@link #state}, which
     * retries or names the refusal as it always does; its entry is null when that fails for this folder only.
     */
    List<FolderState> states(List<MailFolder> folders) throws MailboxException {
        String[] items = statusItems();
        List<Status> read = session.run("reading the state of " + folders.size() + " folders", Kind.FATAL, p -> {
            if (folders.stream().anyMatch(f -> session.isSelected(p, f.handle(), false))) {
                // as in state(); answered before the STATUS are sent: Dovecot answered a STATUS pipelined behind the
                // NOOP from the view before the NOOP's sync
                p.noop();
            }
            List<Status> all = new ArrayList<>(folders.size());
            for (int from = 0; from < folders.size(); from += STATUS_DEPTH) {
                all.addAll(statuses(p, folders.subList(from, Math.min(folders.size(), from + STATUS_DEPTH)), items));
            }
            return all;
        });
        return toStates(folders, read);
    }

    /** One pipeline of STATUS commands (at most {@value #STATUS_DEPTH}, so neither side blocks writing). */
    private static List<Status> statuses(IMAPProtocol p, List<MailFolder> folders, String[] items)
            throws ProtocolException {
        ImapPipeline.Answers answers = ImapPipeline.run(p, () -> {
            List<String> tags = new ArrayList<>();
            for (MailFolder f : folders) {
                Argument args = ImapAppender.mailbox(p, f);
                Argument list = new Argument();
                for (String item : items) {
                    list.writeAtom(item);
                }
                args.writeArgument(list);
                tags.add(p.writeCommand("STATUS", args));
            }
            return tags;
        });
        return statuses(p, folders, answers);
    }

    /** Each folder's state from its STATUS answer, else (refused, not answered) as {@link #state} reads it alone. */
    private List<FolderState> toStates(List<MailFolder> folders, List<Status> read) throws MailboxException {
        List<FolderState> out = new ArrayList<>(folders.size());
        for (int i = 0; i < folders.size(); i++) {
            if (read.get(i) != null) {
                out.add(folderState(read.get(i)));
                continue;
            }
            try {
                out.add(state(folders.get(i)));
            } catch (MailboxException e) {
                if (e.kind() != Kind.ITEM) {
                    throw e;
                }
                out.add(null);
            }
        }
        return out;
    }

    /**
     * Each folder's STATUS answer, by its mailbox name (servers may answer pipelined commands out of order, RFC 3501
     * §5.5; INBOX in any case); null where the command was refused, not answered, or answered under another name.
     */
    private static List<Status> statuses(IMAPProtocol p, List<MailFolder> folders, ImapPipeline.Answers answers)
            throws ProtocolException {
        List<Status> unclaimed = new ArrayList<>();
        List<Response> others = new ArrayList<>();
        for (Response r : answers.untagged()) {
            if (r instanceof IMAPResponse ir && ir.keyEquals("STATUS")) {
                unclaimed.add(new Status(ir));
            } else if (!r.isTagged()) {
                others.add(r); // e.g. EXISTS after the NOOP: Angus's handlers keep the selected folder in step
            }
        }
        p.notifyResponseHandlers(others.toArray(new Response[0]));
        List<Status> out = new ArrayList<>(folders.size());
        for (int i = 0; i < folders.size(); i++) {
            out.add(null);
        }
        for (int i = 0; i < folders.size(); i++) {
            Response tagged = answers.tagged()[i];
            if (tagged == null || !tagged.isOK()) {
                continue;
            }
            String name = folders.get(i).handle();
            Status s = unclaimed.stream().filter(u -> name.equals(u.mbox)).findFirst()
                    .orElse(unclaimed.stream().filter(u -> name.equalsIgnoreCase(u.mbox)).findFirst().orElse(null));
            out.set(i, s);
            unclaimed.remove(s);
        }
        return out; // an answer under another name is no folder's: that folder is read alone
    }

    /** UIDVALIDITY, UIDNEXT, MESSAGES, and HIGHESTMODSEQ and SIZE where the server has CONDSTORE and STATUS=SIZE. */
    private String[] statusItems() throws MailboxException {
        List<String> asked = new ArrayList<>(List.of("UIDVALIDITY", "UIDNEXT", "MESSAGES"));
        if (session.hasCapability("CONDSTORE")) {
            asked.add("HIGHESTMODSEQ");
        }
        if (session.hasCapability("STATUS=SIZE")) {
            asked.add("SIZE"); // RFC 8438: the folder's total size, for a byte total before the folder is listed
        }
        return asked.toArray(String[]::new);
    }

    private FolderState folderState(Status s) throws MailboxException {
        boolean condstore = session.hasCapability("CONDSTORE");
        long uidNext = Math.max(0, s.uidnext);
        long modSeq = condstore ? Math.max(0, s.highestmodseq) : 0;
        // no CONDSTORE, no token: without mod-sequences a flag change could not be told from nothing
        String token = modSeq > 0 ? s.uidvalidity + ":" + uidNext + ":" + modSeq : null;
        long bytes = session.hasCapability("STATUS=SIZE") ? s.getItem("SIZE") : -1;
        return new FolderState(Long.toString(s.uidvalidity), token, Math.max(0, s.total), bytes < 0 ? -1 : bytes,
                uidNext > 0 ? s.uidvalidity + ":" + uidNext : null);
    }

    /**
     * What changed since a token of {@link #state}: {@code UID FETCH 1:* <items> (CHANGEDSINCE m)} lists the messages
     * added or whose flags changed since mod-sequence {@code m}, in one round trip. A token of another UIDVALIDITY (the
     * folder was renumbered) has expired; without CONDSTORE the source cannot tell.
     */
    Changes changes(MailFolder folder, String token) throws MailboxException {
        long[] t = ImapIds.numbers(token);
        if (!folder.selectable() || !session.hasCapability("CONDSTORE")) {
            return Changes.UNKNOWN;
        }
        if (t == null || t.length != 3 || t[2] <= 0) {
            return Changes.EXPIRED;
        }
        return session.run("reading changes of folder \"" + folder.displayPath() + "\"", Kind.FATAL, p -> {
            syncIfSelected(p, folder);
            session.select(p, folder.handle(), false);
            long uidValidity = session.selectedUidValidity();
            if (uidValidity != t[0]) {
                return Changes.EXPIRED;
            }
            Response[] r = ImapSession.execute(p, "UID FETCH 1:* " + ITEMS + " (CHANGEDSINCE " + t[2] + ")", null);
            return Changes.of(items(r, 1, uidValidity, Shape.FULL), null);
        });
    }

    /**
     * Gives the messages {@code ids} exactly the flags of {@code state}: {@code UID STORE <set> FLAGS.SILENT (...)},
     * one command per {@value #STORE_CHUNK} UIDs (a UID set of scattered UIDs must stay under the servers' line
     * limits). Flags that are no valid system flag or atom are dropped, as on APPEND; ids of another UIDVALIDITY name
     * messages that are no longer there and are ignored.
     */
    void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
        if (ids.isEmpty()) {
            return;
        }
        String list = ImapFlags.storeList(ImapFlags.toFlags(state));
        session.run("updating flags in folder \"" + folder.displayPath() + "\"", Kind.ITEM, p -> {
            session.select(p, folder.handle(), true);
            List<Long> sorted = uids(ids, session.selectedUidValidity());
            for (int i = 0; i < sorted.size(); i += STORE_CHUNK) {
                String set = UidSet.of(sorted.subList(i, Math.min(sorted.size(), i + STORE_CHUNK)));
                ImapSession.execute(p, "UID STORE " + set + " FLAGS.SILENT " + list, null);
            }
            return null;
        });
    }

    /** The UIDs of {@code ids} under {@code uidValidity}, ascending, without duplicates. */
    static List<Long> uids(List<String> ids, long uidValidity) {
        long[] all = new long[ids.size()];
        int n = 0;
        for (String id : ids) {
            long uid = ImapIds.uid(id, uidValidity);
            if (uid > 0) {
                all[n++] = uid;
            }
        }
        List<Long> uids = new ArrayList<>();
        for (long uid : UidSet.ascending(all, n)) {
            uids.add(uid);
        }
        return uids;
    }

    Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        return list(folder, cursor, limit, FULL);
    }

    /** As {@link #list(MailFolder, String, int)}, fetching {@code fetch} of each message. */
    Page<ItemRef> list(MailFolder folder, String cursor, int limit, Fetch fetch) throws MailboxException {
        if (!folder.selectable()) {
            return new Page<>(List.of(), null);
        }
        long after = parseCursor(cursor);
        int max = Math.max(1, limit);
        String action = "listing folder \"" + folder.displayPath() + "\"";
        return session.run(action, Kind.FATAL, p -> {
            if (cursor == null || !folder.handle().equals(snapshotFolder)) {
                // EXAMINE again even when the folder is selected: a selected folder's view lags behind what other
                // sessions wrote since (Dovecot's UID SEARCH answers from it), and the EXAMINE costs no round trip
                snapshot = examineAndSearch(p, folder, after + 1);
                snapshotFolder = folder.handle();
            }
            session.select(p, folder.handle(), false);
            long[] page = slice(after, max);
            if (page.length == 0 && cursor != null) {
                snapshot = search(p, after + 1); // new arrivals since the snapshot
                page = slice(after, max);
            }
            if (page.length == 0) {
                return new Page<ItemRef>(List.of(), null);
            }
            List<ItemRef> items = fetch(p, UidSet.of(Arrays.stream(page).boxed().toList()), page[0],
                    session.selectedUidValidity(), fetch);
            long last = page[page.length - 1];
            boolean more = page.length == max || snapshot[snapshot.length - 1] > last;
            return new Page<>(items, more ? Long.toString(last) : null);
        });
    }

    /**
     * {@code wanted} (items of {@code folder} listed undescribed) as the full listing gives them, same order: one
     * {@code UID FETCH} of their UIDs. An item the folder no longer holds stays as it was — also when the server
     * refuses the FETCH for it (Dovecot: NO for a message expunged meanwhile), as a refused body fails that item only;
     * a throttling NO, a BAD and a lost connection throw.
     */
    List<ItemRef> describe(MailFolder folder, List<ItemRef> wanted) throws MailboxException {
        if (wanted.isEmpty()) {
            return wanted;
        }
        String action = "reading the header fields of " + wanted.size() + " messages of folder \""
                + folder.displayPath() + "\"";
        return session.run(action, Kind.FATAL, p -> {
            session.select(p, folder.handle(), false);
            Response[] r = p.command("UID FETCH " + UidSet.of(wanted.stream().map(ItemRef::order).toList()) + " "
                    + ITEMS, null);
            p.notifyResponseHandlers(r);
            Response tagged = r[r.length - 1];
            if (!tagged.isNO() || ImapFailures.throttling(tagged.getRest())) {
                p.handleResult(tagged);
            }
            Map<Long, ItemRef> byUid = new java.util.HashMap<>();
            for (ItemRef item : items(r, 1, session.selectedUidValidity(), Shape.FULL)) {
                byUid.put(item.order(), item);
            }
            return wanted.stream().map(i -> {
                ItemRef d = byUid.get(i.order());
                return d != null && d.id().equals(i.id()) ? d : i;
            }).toList();
        });
    }

    /**
     * As {@link #list(MailFolder, String, int)}; the first page of a folder whose state, read just before, says it fits
     * in one page is listed in one round trip: the snapshot's {@code UID SEARCH} and a {@code UID FETCH} bounded by the
     * state ({@link #bounded}: never the whole of a folder that grew since) written together (after the EXAMINE when
     * another folder is selected) instead of the FETCH waiting for the SEARCH's UIDs. The state is a hint only: the
     * page is still the snapshot's first {@code limit} UIDs, and when the FETCH did not bring every one of them (the
     * folder changed in between, or the server refused it) they are fetched by UID.
     */
    Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known, Fetch fetch)
            throws MailboxException {
        int max = Math.max(1, limit);
        if (cursor != null || known == null || known.messageCount() <= 0 || known.messageCount() > max
                || !folder.selectable()) {
            return list(folder, cursor, limit, fetch);
        }
        return session.run("listing folder \"" + folder.displayPath() + "\"", Kind.FATAL, p -> {
            Map<Long, ItemRef> all = snapshotWithItems(p, folder, bounded(known, max), fetch);
            snapshotFolder = folder.handle();
            long[] page = slice(0, max);
            if (page.length == 0) {
                return new Page<ItemRef>(List.of(), null);
            }
            List<ItemRef> items = new ArrayList<>(page.length);
            for (long uid : page) {
                ItemRef item = all == null ? null : all.get(uid);
                if (item == null) {
                    items = fetch(p, UidSet.of(Arrays.stream(page).boxed().toList()), page[0],
                            session.selectedUidValidity(), fetch);
                    break;
                }
                items.add(item);
            }
            long last = page[page.length - 1];
            boolean more = page.length == max || snapshot[snapshot.length - 1] > last;
            return new Page<>(items, more ? Long.toString(last) : null);
        });
    }

    /** Folders listed whole per round trip by {@link #listWhole}: their answers must fit the socket buffers. */
    static final int WHOLE_DEPTH = 50;

    /**
     * Small folders listed whole (see {@link io.mailferry.service.engine.port.Mailbox#listWhole}): for every folder
     * whose state says it holds 1 to {@code limit} messages, EXAMINE, the snapshot's {@code UID SEARCH} and a
     * {@code UID FETCH} bounded by the state ({@link #bounded}) written back to back, all folders' commands in one round
     * trip (up to {@link #WHOLE_DEPTH} folders; RFC 3501 §5.5: the server runs them in order, a failed EXAMINE leaving
     * no folder selected, so what follows it fails too). A folder's page is its listed messages when they are exactly
     * the snapshot's UIDs, at most {@code limit}; null otherwise (more than a page now, or refused: the engine lists it
     * alone). A refusal that says the server is throttling is thrown, for the retrier.
     */
    List<Page<ItemRef>> listWhole(List<MailFolder> folders, int limit, List<FolderState> known, Fetch fetch)
            throws MailboxException {
        List<Page<ItemRef>> pages = new ArrayList<>(java.util.Collections.nCopies(folders.size(), null));
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            FolderState k = known.get(i);
            if (folders.get(i).selectable() && k != null && k.messageCount() > 0 && k.messageCount() <= limit) {
                asked.add(i);
            }
        }
        for (int from = 0; from < asked.size(); from += WHOLE_DEPTH) {
            List<Integer> burst = asked.subList(from, Math.min(asked.size(), from + WHOLE_DEPTH));
            session.run("listing " + burst.size() + " folders", Kind.FATAL, p -> {
                listWhole(p, folders, burst, limit, known, pages, fetch);
                return null;
            });
        }
        return pages;
    }

    private void listWhole(IMAPProtocol p, List<MailFolder> folders, List<Integer> burst, int limit,
            List<FolderState> known, List<Page<ItemRef>> pages, Fetch fetch) throws ProtocolException {
        synchronized (p) {
            session.selected(p, null, false, 0);
            snapshotFolder = null; // a later page by cursor takes its own snapshot
            ImapPipeline.Split answers = ImapPipeline.runSplit(p, () -> {
                List<String> tags = new ArrayList<>();
                for (int i : burst) {
                    tags.add(p.writeCommand("EXAMINE", ImapAppender.mailbox(p, folders.get(i))));
                    tags.add(p.writeCommand("UID SEARCH UID 1:*", null));
                    tags.add(p.writeCommand("UID FETCH " + bounded(known.get(i), limit) + " " + fetch.items(), null));
                }
                return tags;
            });
            Response[] all = answers.all().toArray(new Response[0]);
            p.notifyResponseHandlers(all);
            Response throttled = null;
            int from = 0;
            long lastUidValidity = 0;
            for (int n = 0; n < burst.size(); n++) {
                // a folder's answers: after the previous folder's last, up to its own last (its EXAMINE waited for
                // every command before it; its SEARCH and FETCH may have run side by side)
                int[] ends = answers.ends();
                int to = Math.max(ends[3 * n], Math.max(ends[3 * n + 1], ends[3 * n + 2]));
                Response[] mine = Arrays.copyOfRange(all, from, Math.max(from, to));
                from = Math.max(from, to);
                Response fetched = answers.tagged()[3 * n + 2];
                if (!answers.tagged()[3 * n].isOK() || !answers.tagged()[3 * n + 1].isOK() || !fetched.isOK()) {
                    if (!fetched.isOK() && ImapFailures.throttling(fetched.getRest())) {
                        throttled = fetched;
                    }
                    lastUidValidity = 0;
                    continue;
                }
                long uidValidity = new MailboxInfo(mine.clone()).uidvalidity; // it takes what it reads out
                lastUidValidity = uidValidity;
                long[] snapshot = uids(mine, 1);
                List<ItemRef> items = items(mine, 1, uidValidity, fetch.shape());
                boolean exact = snapshot.length <= limit && items.size() == snapshot.length;
                for (int j = 0; exact && j < snapshot.length; j++) {
                    exact = items.get(j).order() == snapshot[j];
                }
                if (exact && uidValidity > 0) {
                    pages.set(burst.get(n), new Page<>(items, null));
                }
            }
            if (lastUidValidity > 0) { // the last EXAMINE left its folder selected
                session.selected(p, folders.get(burst.get(burst.size() - 1)).handle(), false, lastUidValidity);
            }
            if (throttled != null) {
                p.handleResult(throttled); // the retrier's business
            }
        }
    }

    /**
     * The UIDs a whole listing fetches: those below the state's UIDNEXT (its write mark, UIDVALIDITY:UIDNEXT) and the
     * {@code limit} after them — at most the state's count and a page, however much the folder grew since the state
     * was read (its snapshot, the {@code UID SEARCH} beside, then holds more than a page and the folder is listed
     * alone, in pages); every UID where the state has no mark.
     */
    static String bounded(FolderState state, int limit) {
        long[] mark = ImapIds.numbers(state.mark());
        return mark != null && mark.length == 2 && mark[1] > 0 ? "1:" + (mark[1] - 1 + limit) : "1:*";
    }

    /**
     * Selects {@code folder} read-only (unless selected), takes the snapshot of its UIDs and lists the messages of
     * {@code uids} ({@link #bounded}), in one round trip; the listed items by UID, or null when the listing was refused
     * (the snapshot stands).
     */
    private Map<Long, ItemRef> snapshotWithItems(IMAPProtocol p, MailFolder folder, String uids, Fetch fetch)
            throws ProtocolException {
        synchronized (p) {
            // EXAMINE again even when selected, for the view of what other sessions wrote (see list)
            ImapPipeline.Answers answers = examineThen(p, folder, true, "UID SEARCH UID 1:*",
                    "UID FETCH " + uids + " " + fetch.items());
            Response[] all = answers.untagged().toArray(new Response[0]);
            p.handleResult(answers.tagged()[0]);
            snapshot = uids(all, 1);
            Response fetched = answers.tagged()[1];
            if (!fetched.isOK()) {
                if (ImapFailures.throttling(fetched.getRest())) {
                    p.handleResult(fetched); // the retrier's business
                }
                return null;
            }
            Map<Long, ItemRef> byUid = new java.util.HashMap<>();
            for (ItemRef item : items(all, 1, session.selectedUidValidity(), fetch.shape())) {
                byUid.put(item.order(), item);
            }
            return byUid;
        }
    }

    /** Every message with UID >= minUid, ascending (crash reconciliation looks only at the folder's tail). */
    List<ItemRef> listFrom(MailFolder folder, long minUid) throws MailboxException {
        long from = Math.max(1, minUid);
        return session.run("listing folder \"" + folder.displayPath() + "\"", Kind.FATAL, p -> {
            // EXAMINE again even when selected, for the view of what other sessions wrote (see list); n:* also
            // returns the last message when n is past the end
            ImapPipeline.Answers answers = examineThen(p, folder, true, "UID FETCH " + from + ":* " + ITEMS);
            p.handleResult(answers.tagged()[0]);
            return items(answers.untagged().toArray(new Response[0]), from, session.selectedUidValidity(), Shape.FULL);
        });
    }

    private long[] slice(long after, int max) {
        int start = Arrays.binarySearch(snapshot, after + 1);
        if (start < 0) {
            start = -start - 1;
        }
        return Arrays.copyOfRange(snapshot, start, Math.min(snapshot.length, start + max));
    }

    /**
     * Flags the UIDs \Deleted and expunges exactly them. With UIDPLUS that is UID EXPUNGE. Without it, EXPUNGE would
     * also remove every other \Deleted message of the folder — mail a user (or a client in "mark as deleted" mode)
     * flagged but never expunged, which we were not asked to destroy — so it runs only when ours are the only
     * \Deleted messages; otherwise they stay flagged and a warning says why.
     */
    void delete(MailFolder folder, List<String> ids) throws MailboxException {
        if (ids.isEmpty()) {
            return;
        }
        boolean uidPlus = session.hasCapability("UIDPLUS");
        session.run("deleting messages from folder \"" + folder.displayPath() + "\"", Kind.FATAL, p -> {
            session.select(p, folder.handle(), true);
            List<Long> uids = uids(ids, session.selectedUidValidity());
            if (uids.isEmpty()) {
                return null; // renumbered since: these ids name nothing any more
            }
            String set = UidSet.of(uids);
            ImapSession.execute(p, "UID STORE " + set + " +FLAGS.SILENT (\\Deleted)", null);
            if (uidPlus) {
                ImapSession.execute(p, "UID EXPUNGE " + set, null);
                return null;
            }
            long[] deleted = uids(ImapSession.execute(p, "UID SEARCH DELETED", null), 1);
            if (Arrays.stream(deleted).allMatch(uids::contains)) {
                ImapSession.execute(p, "EXPUNGE", null);
            } else {
                LOG.warn("{}: {} messages of folder \"{}\" flagged \\Deleted but not expunged: the server has no"
                        + " UIDPLUS and other \\Deleted messages exist", session.config().describe(), uids.size(),
                        folder.displayPath());
            }
            return null;
        });
    }

    /** EXAMINE and the snapshot's {@code UID SEARCH} in one round trip ({@link #examineThen}). */
    private long[] examineAndSearch(IMAPProtocol p, MailFolder folder, long from) throws ProtocolException {
        ImapPipeline.Answers answers = examineThen(p, folder, true, "UID SEARCH UID " + from + ":*");
        p.handleResult(answers.tagged()[0]);
        return uids(answers.untagged().toArray(new Response[0]), from);
    }

    /**
     * EXAMINE (when {@code examine}; else {@code folder} is selected already) and {@code commands} written back to back
     * and answered in one round trip (RFC 3501 §5.5 lets a client pipeline a command after the SELECT/EXAMINE it
     * depends on: the server runs them in order). Every untagged answer goes to Angus's handlers. If the EXAMINE fails,
     * no mailbox is selected, so the commands fail too; all answers are read either way, so the connection stays in
     * step, and the EXAMINE's failure is the one thrown. Else the folder is recorded as selected, and the commands'
     * answers are returned: their tagged answers in order, without the EXAMINE's, and every untagged one.
     */
    private ImapPipeline.Answers examineThen(IMAPProtocol p, MailFolder folder, boolean examine, String... commands)
            throws ProtocolException {
        synchronized (p) {
            if (examine) {
                session.selected(p, null, false, 0);
            }
            ImapPipeline.Answers answers = ImapPipeline.run(p, () -> {
                List<String> tags = new ArrayList<>();
                tags.add(examine ? p.writeCommand("EXAMINE", ImapAppender.mailbox(p, folder)) : null);
                for (String command : commands) {
                    tags.add(p.writeCommand(command, null));
                }
                return tags;
            });
            Response[] all = answers.untagged().toArray(new Response[0]);
            p.notifyResponseHandlers(all);
            if (examine) {
                p.handleResult(answers.tagged()[0]);
                session.selected(p, folder.handle(), false, new MailboxInfo(all).uidvalidity);
            }
            return new ImapPipeline.Answers(Arrays.copyOfRange(answers.tagged(), 1, answers.tagged().length),
                    answers.untagged());
        }
    }

    /**
     * A NOOP, answered before anything else is asked, when {@code folder} is the selected one: the session's view of a
     * selected folder lags behind what other sessions changed, and the server brings it up to date at a command's end.
     */
    private void syncIfSelected(IMAPProtocol p, MailFolder folder) throws ProtocolException {
        if (session.isSelected(p, folder.handle(), false)) {
            p.noop();
        }
    }

    static long[] search(IMAPProtocol p, long from) throws ProtocolException {
        return uids(ImapSession.execute(p, "UID SEARCH UID " + from + ":*", null), from);
    }

    /** The UIDs of the SEARCH answers in {@code r} that are at least {@code from}, ascending. */
    static long[] uids(Response[] r, long from) {
        long[] uids = new long[16];
        int count = 0;
        for (Response response : r) {
            if (response instanceof IMAPResponse ir && ir.keyEquals("SEARCH")) {
                long n;
                while ((n = ir.readLong()) != -1) {
                    if (n >= from) {
                        if (count == uids.length) {
                            uids = Arrays.copyOf(uids, count * 2);
                        }
                        uids[count++] = n;
                    }
                }
            }
        }
        return UidSet.ascending(uids, count);
    }

    private static List<ItemRef> fetch(IMAPProtocol p, String uidSet, long minUid, long uidValidity, Fetch fetch)
            throws ProtocolException {
        return items(ImapSession.execute(p, "UID FETCH " + uidSet + " " + fetch.items(), null), minUid, uidValidity,
                fetch.shape());
    }

    private static List<ItemRef> items(Response[] r, long minUid, long uidValidity, Shape shape) {
        List<ItemRef> items = new ArrayList<>();
        for (Response response : r) {
            if (response instanceof FetchResponse fr) {
                ItemRef item = switch (shape) {
                    case FULL -> toItem(fr, uidValidity);
                    case STATES -> toState(fr, uidValidity);
                    case UNDESCRIBED -> toUndescribed(fr, uidValidity);
                };
                if (item != null && item.order() >= minUid) {
                    items.add(item);
                }
            }
        }
        items.sort(Comparator.comparingLong(ItemRef::order));
        return items;
    }

    /**
     * Null for unsolicited FETCH responses (flags updates) that carry no UID or size. The listed item described by its
     * fetched header fields as a body's header section describes one ({@link #described}): one reading for both.
     */
    static ItemRef toItem(FetchResponse fr, long uidValidity) {
        ItemRef listed = toUndescribed(fr, uidValidity);
        return listed == null ? null : described(listed, headers(fr.getItem(BODY.class)), null);
    }

    /** An item of {@link #STATES}: id, UID, size and state, no header fields; null as for {@link #toItem}. */
    static ItemRef toState(FetchResponse fr, long uidValidity) {
        UID uid = fr.getItem(UID.class);
        RFC822SIZE size = fr.getItem(RFC822SIZE.class);
        if (uid == null || size == null) {
            return null;
        }
        return ItemRef.message(ImapIds.item(uidValidity, uid.uid), uid.uid, size.size, null,
                ImapFlags.toState(fr.getItem(FLAGS.class)), null, null, null, null);
    }

    /**
     * An item of {@link #UNDESCRIBED}: id, UID, size, state and (when fetched) the received date, its Message-ID and
     * description left for its body to tell ({@link io.mailferry.service.engine.port.ItemDescription#UNREAD}); null as
     * for {@link #toItem}.
     */
    static ItemRef toUndescribed(FetchResponse fr, long uidValidity) {
        UID uid = fr.getItem(UID.class);
        RFC822SIZE size = fr.getItem(RFC822SIZE.class);
        if (uid == null || size == null) {
            return null;
        }
        return ItemRef.message(ImapIds.item(uidValidity, uid.uid), uid.uid, size.size,
                received(fr.getItem(INTERNALDATE.class)), ImapFlags.toState(fr.getItem(FLAGS.class)), null,
                ItemDescription.UNREAD);
    }

    /**
     * {@code item} (listed undescribed) described by its message's header section and dated by its INTERNALDATE, as
     * {@link #toItem} describes a listed one: the header block of a whole message holds the same lines as the header
     * fields a listing fetches, read the same way ({@link ImapHeaderBlock}), so the Message-ID and header digest are the
     * same. The received date stays the listing's when {@code internalDate} is null.
     */
    static ItemRef described(ItemRef item, ImapHeaderBlock h, INTERNALDATE internalDate) {
        String messageId = compact(h.header("Message-ID", null));
        Instant received = internalDate != null && internalDate.getDate() != null ? received(internalDate)
                : item.received();
        return ItemRef.message(item.id(), item.order(), item.size(), received, item.state(),
                messageId == null || messageId.isEmpty() ? null : messageId, new ImapDescription(h, item.size()));
    }

    private static Instant received(INTERNALDATE date) {
        return date == null || date.getDate() == null ? null : date.getDate().toInstant();
    }

    /** The fetched header block (an empty one when the answer carried none). */
    static ImapHeaderBlock headers(BODY body) {
        ByteArray bytes = body == null ? null : body.getByteArray();
        return bytes == null ? ImapHeaderBlock.read(new byte[0], 0, 0)
                : ImapHeaderBlock.read(bytes.getBytes(), bytes.getStart(), bytes.getCount());
    }

    /** Without the whitespace folding left in it (what the regex \s matches: space, tab, LF, VT, FF, CR). */
    static String compact(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder kept = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
            if (space && kept == null) {
                kept = new StringBuilder(value.length()).append(value, 0, i);
            } else if (!space && kept != null) {
                kept.append(c);
            }
        }
        return kept == null ? value : kept.toString();
    }

    private static long parseCursor(String cursor) throws MailboxException {
        if (cursor == null) {
            return 0;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new MailboxException(Kind.FATAL, "The listing cursor \"" + cursor + "\" is not an IMAP cursor.");
        }
    }
}
