package io.mailferry.service.connector.ews.doubles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Element;

/**
 * The double's folder operations and its address book: GetFolder (learn.microsoft.com/exchange/client-developer/
 * web-service-reference/getfolder-operation), FindFolder with Shallow or Deep traversal and IndexedPageFolderView
 * (findfolder-operation), CreateFolder with ErrorFolderExists for a name taken under the parent (createfolder-operation)
 * and ResolveNames over the mailboxes by address prefix, at most 100 candidates with IncludesLastItemInRange
 * (resolvenames-operation).
 */
final class DoubleFolderOps {
    static final int RESOLVE_LIMIT = 100;

    private DoubleFolderOps() {
    }

    static String render(EwsDouble d, DoubleMailbox box, DoubleMailbox.Folder f) {
        String el = f.element();
        int total = box.itemsOf(f.id).size();
        int unread = (int) box.itemsOf(f.id).stream().filter(i -> !i.read()).count();
        return "<t:" + el + "><t:FolderId Id=\"" + f.id + "\" ChangeKey=\"AQAAAA==\"/>"
                + (f.parentId == null ? "" : "<t:ParentFolderId Id=\"" + f.parentId + "\" ChangeKey=\"AQAAAA==\"/>")
                + "<t:FolderClass>" + Soap.esc(f.folderClass) + "</t:FolderClass>"
                + "<t:DisplayName>" + Soap.esc(f.name) + "</t:DisplayName>"
                + "<t:TotalCount>" + total + "</t:TotalCount>"
                + "<t:ChildFolderCount>" + box.children(f.id).size() + "</t:ChildFolderCount>"
                + "<t:UnreadCount>" + unread + "</t:UnreadCount></t:" + el + ">";
    }

    static String getFolder(EwsDouble d, EwsDouble.Request r) {
        StringBuilder out = new StringBuilder();
        for (Element id : Soap.children(Soap.child(r.operation(), "FolderIds"), null)) {
            Object[] found = d.folder(id, r);
            if (found == null) {
                out.append(Soap.error("GetFolder", "ErrorFolderNotFound", "The specified folder could not be found in"
                        + " the store.", "<m:Folders/>"));
            } else {
                out.append(Soap.ok("GetFolder", "<m:Folders>" + render(d, (DoubleMailbox) found[0],
                        (DoubleMailbox.Folder) found[1]) + "</m:Folders>"));
            }
        }
        return Soap.envelope("GetFolder", out.toString());
    }

    static String findFolder(EwsDouble d, EwsDouble.Request r) {
        Element op = r.operation();
        boolean deep = "Deep".equals(op.getAttribute("Traversal"));
        Element view = Soap.child(op, "IndexedPageFolderView");
        int max = view == null ? Integer.MAX_VALUE : Integer.parseInt(view.getAttribute("MaxEntriesReturned"));
        int offset = view == null || view.getAttribute("Offset").isEmpty() ? 0
                : Integer.parseInt(view.getAttribute("Offset"));
        StringBuilder out = new StringBuilder();
        for (Element id : Soap.children(Soap.child(op, "ParentFolderIds"), null)) {
            Object[] found = d.folder(id, r);
            if (found == null) {
                out.append(Soap.error("FindFolder", "ErrorFolderNotFound", "The specified folder could not be found"
                        + " in the store.", null));
                continue;
            }
            DoubleMailbox box = (DoubleMailbox) found[0];
            DoubleMailbox.Folder parent = (DoubleMailbox.Folder) found[1];
            List<DoubleMailbox.Folder> all = deep ? box.descendants(parent.id) : box.children(parent.id);
            int end = Math.min(all.size(), offset + Math.min(max, d.pageCap));
            StringBuilder folders = new StringBuilder();
            for (DoubleMailbox.Folder f : all.subList(Math.min(offset, all.size()), end)) {
                folders.append(render(d, box, f));
            }
            out.append(Soap.ok("FindFolder", "<m:RootFolder IndexedPagingOffset=\"" + end + "\" TotalItemsInView=\""
                    + all.size() + "\" IncludesLastItemInRange=\"" + (end >= all.size()) + "\"><t:Folders>" + folders
                    + "</t:Folders></m:RootFolder>"));
        }
        return Soap.envelope("FindFolder", out.toString());
    }

    static String createFolder(EwsDouble d, EwsDouble.Request r) {
        Element op = r.operation();
        Object[] found = d.folder(Soap.child(Soap.child(op, "ParentFolderId"), null), r);
        StringBuilder out = new StringBuilder();
        for (Element f : Soap.children(Soap.child(op, "Folders"), null)) {
            if (found == null) {
                out.append(Soap.error("CreateFolder", "ErrorParentFolderNotFound", "Parent folder not found.",
                        "<m:Folders/>"));
                continue;
            }
            DoubleMailbox box = (DoubleMailbox) found[0];
            DoubleMailbox.Folder parent = (DoubleMailbox.Folder) found[1];
            String name = Soap.text(Soap.child(f, "DisplayName"));
            boolean taken = box.children(parent.id).stream().anyMatch(c -> c.name.equalsIgnoreCase(name));
            if (taken) {
                out.append(Soap.error("CreateFolder", "ErrorFolderExists", "A folder with the specified name already"
                        + " exists.", "<m:Folders/>"));
                continue;
            }
            String cls = Soap.text(Soap.child(f, "FolderClass"));
            String id = d.newId("F");
            DoubleMailbox.Folder created = new DoubleMailbox.Folder(id, parent.id, name, cls == null ? "IPF.Note"
                    : cls, null);
            box.folders.put(id, created);
            out.append(Soap.ok("CreateFolder", "<m:Folders><t:" + created.element() + "><t:FolderId Id=\"" + id
                    + "\" ChangeKey=\"AQAAAA==\"/></t:" + created.element() + "></m:Folders>"));
        }
        return Soap.envelope("CreateFolder", out.toString());
    }

    static String resolveNames(EwsDouble d, EwsDouble.Request r) {
        String entry = Soap.text(Soap.child(r.operation(), "UnresolvedEntry"));
        String prefix = entry == null ? "" : entry.toLowerCase(Locale.ROOT);
        boolean smtp = prefix.startsWith("smtp:");
        if (smtp) {
            prefix = prefix.substring(5);
        }
        List<DoubleMailbox> hits = new ArrayList<>();
        for (DoubleMailbox b : d.mailboxes.values()) {
            String a = b.address.toLowerCase(Locale.ROOT);
            if (a.startsWith(prefix) || (!smtp && b.name.toLowerCase(Locale.ROOT).startsWith(prefix))) {
                hits.add(b);
            }
        }
        hits.sort((a, b) -> a.address.compareToIgnoreCase(b.address));
        if (hits.isEmpty()) {
            return Soap.envelope("ResolveNames", Soap.error("ResolveNames", "ErrorNameResolutionNoResults",
                    "No results were found.", null));
        }
        List<DoubleMailbox> shown = hits.subList(0, Math.min(RESOLVE_LIMIT, hits.size()));
        StringBuilder set = new StringBuilder("<m:ResolutionSet TotalItemsInView=\"" + shown.size()
                + "\" IncludesLastItemInRange=\"" + (hits.size() <= RESOLVE_LIMIT) + "\">");
        for (DoubleMailbox b : shown) {
            set.append("<t:Resolution><t:Mailbox><t:Name>").append(Soap.esc(b.name)).append("</t:Name><t:EmailAddress>")
                    .append(Soap.esc(b.address)).append("</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType>")
                    .append("<t:MailboxType>Mailbox</t:MailboxType></t:Mailbox></t:Resolution>");
        }
        set.append("</m:ResolutionSet>");
        String message = shown.size() == 1 ? Soap.ok("ResolveNames", set.toString())
                : "<m:ResolveNamesResponseMessage ResponseClass=\"Warning\"><m:MessageText>Multiple results were"
                + " found.</m:MessageText><m:ResponseCode>ErrorNameResolutionMultipleResults</m:ResponseCode>"
                + "<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>" + set + "</m:ResolveNamesResponseMessage>";
        return Soap.envelope("ResolveNames", message);
    }
}
