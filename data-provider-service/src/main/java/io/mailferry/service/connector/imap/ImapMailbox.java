package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the source and target sides share: one session, its folders, listings, bodies and deletion. */
abstract class ImapMailbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImapMailbox.class);

    final ImapSession session;
    final ImapFolders folders;
    final ImapItems items;
    final ImapBodies bodies;
    private Capabilities capabilities;

    ImapMailbox(ImapSession session) {
        this.session = session;
        this.folders = new ImapFolders(session);
        this.items = new ImapItems(session);
        this.bodies = new ImapBodies(session);
    }

    public List<MailFolder> folders() throws MailboxException {
        return folders.list();
    }

    public FolderState state(MailFolder folder) throws MailboxException {
        return items.state(folder);
    }

    /** Every folder's STATUS pipelined: one round trip (see {@link ImapItems#states}). */
    public List<FolderState> states(List<MailFolder> folders) throws MailboxException {
        return items.states(folders);
    }

    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        return items.list(folder, cursor, limit);
    }

    /** A NOOP, timed; -1 when the server refuses it (only a lost connection or a throttle is thrown). */
    public long roundTrip() throws MailboxException {
        try {
            return session.run("checking the connection", MailboxException.Kind.ITEM, p -> {
                long began = System.nanoTime();
                p.noop();
                return System.nanoTime() - began;
            });
        } catch (MailboxException e) {
            if (e.kind() != MailboxException.Kind.ITEM) {
                throw e;
            }
            return -1;
        }
    }

    /** Every small folder's listing in one round trip (see {@link ImapItems#listWhole}). */
    public List<Page<ItemRef>> listWhole(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return items.listWhole(folders, limit, known, ImapItems.FULL);
    }

    /** A first page that the state says fits in one page is listed in one round trip (see {@link ImapItems}). */
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        return items.list(folder, cursor, limit, known, ImapItems.FULL);
    }

    /** UID, size and flags come from the server's index; the header fields may mean reading every message's file. */
    public boolean listsStatesApart() {
        return true;
    }

    /** {@code (UID RFC822.SIZE FLAGS)} of each message ({@link ImapItems#STATES}), as {@link #list} pages them. */
    public Page<ItemRef> listStates(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        return items.list(folder, cursor, limit, known, ImapItems.STATES);
    }

    public List<Page<ItemRef>> listWholeStates(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return items.listWhole(folders, limit, known, ImapItems.STATES);
    }

    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        items.delete(folder, ids);
    }

    /**
     * Mail only, stored byte for byte (Exchange Online excepted, below), no identity stamps (adding a header would
     * change the bytes of an exact copy),
     * change tokens where the server has CONDSTORE, keywords as IMAP atoms, folder names as the server compares them.
     * On Exchange Online also its message size cap and its reserved folder name "Files", and not byte for byte:
     * Exchange keeps a message as MAPI properties and builds the MIME it serves over IMAP from them, with an estimated
     * RFC822.SIZE by default (Set-CASMailbox, ImapEnableExactRFC822Size and ImapMessagesRetrievalMimeFormat:
     * learn.microsoft.com/en-us/powershell/module/exchange/set-casmailbox), so a copy is known by its Message-ID,
     * subject and Date rather than by its size.
     */
    public Capabilities capabilities() {
        if (capabilities == null) {
            boolean exchange = session.config().exchangeOnline();
            capabilities = new Capabilities(exchange ? ExchangeOnlineRules.MAX_MESSAGE_BYTES : 0, !exchange, false,
                    condstore(), Set.of(ItemKind.MESSAGE), new FolderNameRules(caseSensitive(),
                    exchange ? ExchangeOnlineRules.RESERVED_FOLDERS : Set.of(), ""), true);
        }
        return capabilities;
    }

    private boolean condstore() {
        try {
            return session.hasCapability("CONDSTORE");
        } catch (MailboxException e) {
            return false;
        }
    }

    /**
     * RFC 3501 leaves case to the server (INBOX excepted): Dovecot tells "Work" from "work", GreenMail and Exchange
     * do not. Probed on the server once per session; when the probe cannot run, the safe answer (false) lets the
     * folder mapper keep such folders apart instead of merging them.
     */
    private boolean caseSensitive() {
        try {
            return folders.caseSensitive();
        } catch (MailboxException e) {
            LOG.warn("{}: could not tell whether folder names are case-sensitive, assuming not: {}",
                    session.config().describe(), e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
