package io.mailferry.service.connector.ews;

import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.BasePropertySet;
import microsoft.exchange.webservices.data.core.enumeration.search.FolderTraversal;
import microsoft.exchange.webservices.data.core.service.folder.Folder;
import microsoft.exchange.webservices.data.core.service.schema.FolderSchema;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.search.FindFoldersResults;
import microsoft.exchange.webservices.data.search.FolderView;

/**
 * A mailbox's folder tree as both sides list it: FindFolder with Deep traversal from the top of the mailbox
 * (msgfolderroot), paged 100 at a time (learn.microsoft.com/exchange/client-developer/web-service-reference/
 * findfolder-operation), parents first, the inbox and its subfolders at the head, the inbox named "INBOX" whatever the
 * mailbox's language, well-known folders typed by their distinguished ids ({@link EwsMailboxContext#types}) and a
 * top-level "Archive" typed ARCHIVE by its name (EWS names no archive folder). Each folder keeps its folder class
 * (IPF.Note, IPF.Appointment, IPF.Contact, IPF.Task ...): only folders of the asked kinds are listed as selectable,
 * their ancestors of other classes as containers. Folder ids are EWS folder ids, and the handle is the id.
 */
final class EwsFolderTree {
    static final int PAGE = 100;
    static final PropertySet FIELDS = new PropertySet(BasePropertySet.IdOnly, FolderSchema.DisplayName,
            FolderSchema.ParentFolderId, FolderSchema.FolderClass, FolderSchema.ChildFolderCount,
            FolderSchema.TotalCount);

    /** One folder as FindFolder listed it. */
    record Listed(String id, String parentId, String name, String folderClass) {
    }

    /** The listing: the folders in order, and every listed folder's class by id. */
    record Tree(List<MailFolder> folders, Map<String, String> classes) {
    }

    private EwsFolderTree() {
    }

    /** The kind of item a folder of {@code folderClass} holds; no class is mail (folders made by some clients). */
    static ItemKind kindOf(String folderClass) {
        String c = folderClass == null ? "" : folderClass.toLowerCase(Locale.ROOT);
        if (c.isEmpty() || c.startsWith("ipf.note")) {
            return ItemKind.MESSAGE;
        }
        if (c.startsWith("ipf.appointment")) {
            return ItemKind.EVENT;
        }
        if (c.startsWith("ipf.contact")) {
            return ItemKind.CONTACT;
        }
        if (c.startsWith("ipf.task")) {
            return ItemKind.TASK;
        }
        return null; // journal, notes, configuration, search folders: nothing the engine copies
    }

    /** Every folder of the mailbox holding {@code kinds}, parents before children. */
    static Tree list(ExchangeService session, EwsMailboxContext box, Set<ItemKind> kinds) throws MailboxException {
        Map<String, FolderType> types = box.types(session);
        String root = box.rootId(session);
        String inbox = box.inboxId(session);
        List<Listed> all = find(session, box, EwsSession.folderId(root), FolderTraversal.Deep);
        Map<String, List<Listed>> children = new LinkedHashMap<>();
        Map<String, Listed> byId = new HashMap<>();
        Map<String, String> classes = new HashMap<>();
        for (Listed f : all) {
            children.computeIfAbsent(f.parentId(), k -> new ArrayList<>()).add(f);
            byId.put(f.id(), f);
            classes.put(f.id(), f.folderClass());
        }
        List<Listed> top = new ArrayList<>(children.getOrDefault(root, List.of()));
        top.sort((a, b) -> Boolean.compare(!a.id().equals(inbox), !b.id().equals(inbox)));
        List<MailFolder> out = new ArrayList<>();
        walk(top, List.of(), children, types, inbox, kinds, out);
        return new Tree(out, classes);
    }

    /** The direct subfolders of {@code parent} as Exchange lists them now. */
    static List<Listed> children(ExchangeService session, EwsMailboxContext box, FolderId parent)
            throws MailboxException {
        return find(session, box, parent, FolderTraversal.Shallow);
    }

    /** The MailFolder of one listed folder below {@code parent} (empty at the top). */
    static MailFolder folder(Listed f, List<String> parent, Map<String, FolderType> types, String inbox,
            boolean selectable) {
        List<String> path = new ArrayList<>(parent);
        path.add(f.id().equals(inbox) ? "INBOX" : f.name() == null ? "" : f.name());
        FolderType type = types.get(f.id());
        if (type == null) {
            type = parent.isEmpty() && "archive".equalsIgnoreCase(f.name()) ? FolderType.ARCHIVE : FolderType.OTHER;
        }
        ItemKind kind = kindOf(f.folderClass());
        return new MailFolder(f.id(), f.id(), path, '/', type, selectable,
                kind == null ? FolderClass.MAIL : kind.folderClass());
    }

    private static void walk(List<Listed> nodes, List<String> parent, Map<String, List<Listed>> children,
            Map<String, FolderType> types, String inbox, Set<ItemKind> kinds, List<MailFolder> out) {
        for (Listed f : nodes) {
            boolean wanted = kinds.contains(kindOf(f.folderClass()));
            List<MailFolder> below = new ArrayList<>();
            MailFolder folder = folder(f, parent, types, inbox, wanted);
            walk(children.getOrDefault(f.id(), List.of()), folder.path(), children, types, inbox, kinds, below);
            if (wanted || !below.isEmpty()) {
                out.add(folder);
                out.addAll(below);
            }
        }
    }

    private static List<Listed> find(ExchangeService session, EwsMailboxContext box, FolderId parent,
            FolderTraversal traversal) throws MailboxException {
        List<Listed> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            FolderView view = new FolderView(PAGE, offset);
            view.setTraversal(traversal);
            view.setPropertySet(FIELDS);
            FindFoldersResults page = box.calls().run("listing its folders",
                    () -> session.findFolders(parent, view));
            for (Folder f : page.getFolders()) {
                all.add(new Listed(EwsItems.safe(() -> f.getId().getUniqueId()),
                        EwsItems.safe(() -> f.getParentFolderId().getUniqueId()), EwsItems.safe(f::getDisplayName),
                        EwsItems.safe(f::getFolderClass)));
            }
            if (!page.isMoreAvailable() || page.getFolders().isEmpty()) {
                return all;
            }
            offset = page.getNextPageOffset() != null ? page.getNextPageOffset() : offset + page.getFolders().size();
        }
    }
}
