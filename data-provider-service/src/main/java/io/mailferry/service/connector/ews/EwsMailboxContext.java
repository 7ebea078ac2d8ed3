package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.ListingRollCall;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.WellKnownFolderName;
import microsoft.exchange.webservices.data.core.service.folder.Folder;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.Mailbox;

/**
 * What every session on one mailbox shares: its {@link EwsCalls} (so the cap on concurrent requests holds across the
 * engine's workers) and the ids of its well-known folders, resolved once through their distinguished ids
 * (GetFolder, learn.microsoft.com/exchange/client-developer/web-service-reference/getfolder-operation): a German
 * mailbox's "Posteingang" is the inbox as much as an English one's "Inbox". With impersonation the distinguished ids
 * name the impersonated mailbox; with delegation they carry the mailbox's address. Thread-safe.
 */
final class EwsMailboxContext {
    /** Distinguished folders and the types they stand for, in the order they are asked for. */
    static final Map<WellKnownFolderName, FolderType> WELL_KNOWN = wellKnown();

    private final String address;
    private final EwsEndpoint endpoint;
    private final EwsCalls calls;
    private volatile Map<String, FolderType> types;
    private volatile String rootId;
    private final ListingRollCall.UnderWay listings = new ListingRollCall.UnderWay();

    EwsMailboxContext(String address, EwsEndpoint endpoint, EwsCalls calls) {
        this.address = address;
        this.endpoint = endpoint;
        this.calls = calls;
    }

    private static Map<WellKnownFolderName, FolderType> wellKnown() {
        Map<WellKnownFolderName, FolderType> m = new LinkedHashMap<>();
        m.put(WellKnownFolderName.Inbox, FolderType.INBOX);
        m.put(WellKnownFolderName.SentItems, FolderType.SENT);
        m.put(WellKnownFolderName.Drafts, FolderType.DRAFTS);
        m.put(WellKnownFolderName.DeletedItems, FolderType.TRASH);
        m.put(WellKnownFolderName.JunkEmail, FolderType.JUNK);
        m.put(WellKnownFolderName.Calendar, FolderType.CALENDAR);
        m.put(WellKnownFolderName.Contacts, FolderType.CONTACTS);
        m.put(WellKnownFolderName.Tasks, FolderType.TASKS);
        return Collections.unmodifiableMap(m);
    }

    String address() {
        return address;
    }

    EwsCalls calls() {
        return calls;
    }

    /** The roll calls of the listings under way on this mailbox, whichever session continues them. */
    ListingRollCall.UnderWay listings() {
        return listings;
    }

    String who() {
        return calls.who();
    }

    /** A new session on this mailbox (one per engine worker). */
    EwsExchangeService session() throws MailboxException {
        return endpoint.open(address);
    }

    /** A distinguished folder of this mailbox. */
    FolderId distinguished(WellKnownFolderName name) {
        return endpoint.settings().impersonation() ? new FolderId(name) : new FolderId(name, new Mailbox(address));
    }

    /**
     * Folder id to type of the well-known folders (GetFolder each, once); a missing inbox means there is no such
     * mailbox: FATAL. Also reads the id of the top of the mailbox's folder tree (msgfolderroot).
     */
    Map<String, FolderType> types(ExchangeService session) throws MailboxException {
        Map<String, FolderType> t = types;
        if (t != null) {
            return t;
        }
        synchronized (this) {
            if (types != null) {
                return types;
            }
            Map<String, FolderType> found = new LinkedHashMap<>();
            for (Map.Entry<WellKnownFolderName, FolderType> e : WELL_KNOWN.entrySet()) {
                try {
                    found.putIfAbsent(id(session, e.getKey()), e.getValue());
                } catch (EwsCalls.NotFound missing) {
                    if (e.getValue() == FolderType.INBOX) {
                        throw new MailboxException(Kind.FATAL, who() + " has no inbox on Exchange: the mailbox does"
                                + " not exist or is not on this server.", missing);
                    }
                }
            }
            rootId = id(session, WellKnownFolderName.MsgFolderRoot);
            types = Collections.unmodifiableMap(found);
            return types;
        }
    }

    /** The id of the top of the mailbox's folder tree (after {@link #types}). */
    String rootId(ExchangeService session) throws MailboxException {
        types(session);
        return rootId;
    }

    /** The inbox's id (after {@link #types}). */
    String inboxId(ExchangeService session) throws MailboxException {
        for (Map.Entry<String, FolderType> e : types(session).entrySet()) {
            if (e.getValue() == FolderType.INBOX) {
                return e.getKey();
            }
        }
        return null;
    }

    private String id(ExchangeService session, WellKnownFolderName name) throws MailboxException {
        return calls.run("looking up its " + name.name() + " folder",
                () -> Folder.bind(session, distinguished(name), PropertySet.IdOnly).getId().getUniqueId());
    }
}
