package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.search.SortDirection;
import microsoft.exchange.webservices.data.core.enumeration.service.DeleteMode;
import microsoft.exchange.webservices.data.core.response.GetItemResponse;
import microsoft.exchange.webservices.data.core.response.ServiceResponse;
import microsoft.exchange.webservices.data.core.service.folder.Folder;
import microsoft.exchange.webservices.data.core.service.item.Item;
import microsoft.exchange.webservices.data.core.service.schema.FolderSchema;
import microsoft.exchange.webservices.data.core.service.schema.ItemSchema;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.ItemId;
import microsoft.exchange.webservices.data.search.FindItemsResults;
import microsoft.exchange.webservices.data.search.ItemView;
import microsoft.exchange.webservices.data.search.filter.SearchFilter;

/**
 * One session's EWS calls that both sides make, each under the mailbox's cap and with its failures in plain words:
 * FindItem pages (learn.microsoft.com/exchange/client-developer/web-service-reference/finditem-operation, indexed
 * paging by offset, oldest received first so that items arriving during a listing land behind it), GetItem of several
 * items at once (getitem-operation; a missing one is left out), DeleteItem (deleteitem-operation, soft delete: the items
 * stay recoverable for the mailbox's retention time) and a folder's item count (getfolder-operation). Not thread-safe.
 */
final class EwsSession {
    /** Items per GetItem: Exchange 2013+ takes far more, but bodies are not read here. */
    static final int GET_BATCH = 50;

    private final EwsMailboxContext box;
    private final EwsExchangeService service;

    EwsSession(EwsMailboxContext box) throws MailboxException {
        this.box = box;
        this.service = box.session();
    }

    EwsExchangeService service() {
        return service;
    }

    EwsMailboxContext box() {
        return box;
    }

    EwsCalls calls() {
        return box.calls();
    }

    static String name(MailFolder f) {
        return f == null ? "the top of the mailbox" : "folder \"" + f.displayPath() + "\"";
    }

    /** One page of the items of {@code folder} (those {@code filter} matches; null: all). */
    FindItemsResults<Item> find(MailFolder folder, int offset, int limit, PropertySet fields, SearchFilter filter)
            throws MailboxException {
        ItemView view = new ItemView(limit, offset);
        view.setPropertySet(fields);
        return calls().run("listing " + name(folder), () -> {
            view.getOrderBy().add(ItemSchema.DateTimeReceived, SortDirection.Ascending);
            return filter == null ? service.findItems(new FolderId(folder.id()), view)
                    : service.findItems(new FolderId(folder.id()), filter, view);
        });
    }

    /** The items of {@code ids} that still exist, by id, read with {@code fields}; in batches of {@link #GET_BATCH}. */
    Map<String, Item> get(List<String> ids, PropertySet fields, String action) throws MailboxException {
        Map<String, Item> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i += GET_BATCH) {
            List<ItemId> chunk = new ArrayList<>();
            for (String id : ids.subList(i, Math.min(ids.size(), i + GET_BATCH))) {
                chunk.add(itemId(id));
            }
            var answers = calls().run(action, () -> service.bindToItems(chunk, fields));
            for (int k = 0; k < answers.getCount(); k++) {
                GetItemResponse r = answers.getResponseAtIndex(k);
                MailboxException e = calls().failure(action, r);
                if (e == null && r.getItem() != null) {
                    out.put(ids.get(i + k), r.getItem());
                } else if (e != null && !(e instanceof EwsCalls.NotFound)) {
                    throw e;
                }
            }
        }
        return out;
    }

    /** Soft-deletes the items; those already gone are ignored. */
    void delete(MailFolder folder, List<String> ids) throws MailboxException {
        if (ids.isEmpty()) {
            return;
        }
        String action = "deleting items of " + name(folder);
        List<ItemId> all = new ArrayList<>();
        for (String id : ids) {
            all.add(itemId(id));
        }
        var answers = calls().run(action, () -> service.deleteItems(all, DeleteMode.SoftDelete, null, null));
        for (int k = 0; k < answers.getCount(); k++) {
            ServiceResponse r = answers.getResponseAtIndex(k);
            MailboxException e = calls().failure(action, r);
            if (e != null && !(e instanceof EwsCalls.NotFound)) {
                throw e;
            }
        }
    }

    /** The folder's item count (GetFolder TotalCount). */
    long count(MailFolder folder) throws MailboxException {
        return calls().run("reading the state of " + name(folder), () -> Folder.bind(service,
                new FolderId(folder.id()), new PropertySet(FolderSchema.TotalCount)).getTotalCount());
    }

    static ItemId itemId(String id) throws MailboxException {
        try {
            return new ItemId(id);
        } catch (Exception e) {
            throw new MailboxException(MailboxException.Kind.ITEM, "An EWS item id is malformed.", e);
        }
    }

    static FolderId folderId(String id) throws MailboxException {
        try {
            return new FolderId(id);
        } catch (Exception e) {
            throw new MailboxException(MailboxException.Kind.ITEM, "An EWS folder id is malformed.", e);
        }
    }

    void close() {
        service.close();
    }
}
