package io.mailferry.service.connector.ews.doubles;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The double's item operations, each answering as its page of Microsoft's EWS reference
 * (learn.microsoft.com/exchange/client-developer/web-service-reference/...): FindItem (finditem-operation),
 * GetItem (getitem-operation), SyncFolderItems (syncfolderitems-operation), CreateItem (createitem-operation),
 * UpdateItem (updateitem-operation), DeleteItem (deleteitem-operation). Items are rendered with the properties the
 * request's shape asks for (BaseShape IdOnly plus AdditionalProperties: FieldURI and ExtendedFieldURI). Calendar
 * items, contacts and tasks keep their nested parts as the client sent them and render them back in the same shape
 * (createitem-operation-calendar-item, createitem-operation-contact, createitem-operation-task,
 * getitem-operation-calendar-item, getitem-operation-contact, getitem-operation-task).
 */
final class DoubleItemOps {
    /** The property set GUID of the product's named properties, lower case. */
    static final String STAMP_SET = "0c9ab1a4-b2ea-4673-bb7a-611d421899c6";

    private final EwsDouble d;

    DoubleItemOps(EwsDouble d) {
        this.d = d;
    }

    /** What an ItemShape asks for. */
    private record Shape(boolean idOnly, List<String> fields, List<String> extended) {
        static Shape of(Element shape) {
            boolean idOnly = "IdOnly".equals(Soap.text(Soap.child(shape, "BaseShape")));
            List<String> fields = new ArrayList<>();
            List<String> ext = new ArrayList<>();
            for (Element p : Soap.children(Soap.child(shape, "AdditionalProperties"), null)) {
                if ("FieldURI".equals(p.getLocalName())) {
                    fields.add(p.getAttribute("FieldURI"));
                } else if ("ExtendedFieldURI".equals(p.getLocalName())) {
                    ext.add(key(p));
                }
            }
            if (!idOnly) {
                fields.addAll(List.of("item:ItemClass", "item:Subject", "item:DateTimeReceived", "item:Size",
                        "item:DateTimeSent", "item:Categories", "message:IsRead", "message:InternetMessageId"));
            }
            return new Shape(idOnly, fields, ext);
        }
    }

    /** The double's key of an ExtendedFieldURI element. */
    static String key(Element uri) {
        String tag = uri.getAttribute("PropertyTag");
        if (!tag.isEmpty()) {
            return DoubleItem.tag(Integer.decode(tag));
        }
        String set = uri.getAttribute("PropertySetId");
        if (set.isEmpty()) {
            set = "dist-" + uri.getAttribute("DistinguishedPropertySetId");
        }
        String name = uri.getAttribute("PropertyName");
        return DoubleItem.named(set, name.isEmpty() ? "#" + uri.getAttribute("PropertyId") : name);
    }

    private String render(DoubleItem i, Shape s) {
        String el = i.element();
        StringBuilder b = new StringBuilder("<t:" + el + ">");
        if (s.fields().contains("item:MimeContent") && i.mime != null) {
            b.append("<t:MimeContent CharacterSet=\"UTF-8\">").append(Base64.getEncoder().encodeToString(i.mime))
                    .append("</t:MimeContent>");
        }
        b.append("<t:ItemId Id=\"").append(i.id).append("\" ChangeKey=\"").append(i.changeKey).append("\"/>");
        for (String f : s.fields()) {
            String v = switch (f) {
                case "item:MimeContent" -> null;
                case "item:ParentFolderId" -> "";
                case "item:ItemClass" -> i.itemClass;
                case "item:Size" -> Long.toString(i.size());
                case "item:DateTimeReceived" -> i.received() == null ? null : Soap.time(i.received());
                case "item:DateTimeSent" -> i.sent() == null ? null : Soap.time(i.sent());
                case "message:IsRead" -> "Message".equals(el) ? Boolean.toString(i.read()) : null;
                case "item:IsDraft" -> Boolean.toString(i.draft());
                case "item:Categories" -> null;
                default -> i.fields.get(f.substring(f.indexOf(':') + 1));
            };
            String name = f.substring(f.indexOf(':') + 1);
            if (i.parts.containsKey(name)) {
                b.append(i.parts.get(name));
            } else if (f.equals("item:ParentFolderId")) {
                b.append("<t:ParentFolderId Id=\"").append(i.folderId).append("\" ChangeKey=\"AQAAAA==\"/>");
            } else if (f.equals("item:Categories") && !i.categories.isEmpty()) {
                b.append("<t:Categories>");
                i.categories.forEach(c -> b.append("<t:String>").append(Soap.esc(c)).append("</t:String>"));
                b.append("</t:Categories>");
            } else if (v != null) {
                b.append("<t:").append(name).append('>').append(Soap.esc(v)).append("</t:").append(name).append('>');
            }
        }
        for (String k : s.extended()) {
            DoubleItem.Ext e = i.extended.get(k);
            if (e != null) {
                b.append("<t:ExtendedProperty><t:ExtendedFieldURI").append(Soap.attrs(e.uri())).append("/><t:Value>")
                        .append(Soap.esc(e.value())).append("</t:Value></t:ExtendedProperty>");
            }
        }
        return b.append("</t:").append(el).append('>').toString();
    }

    private DoubleItem item(String id) {
        for (DoubleMailbox box : d.mailboxes.values()) {
            DoubleItem i = box.items.get(id);
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    private DoubleMailbox boxOf(DoubleItem i) {
        for (DoubleMailbox box : d.mailboxes.values()) {
            if (box.items.get(i.id) == i) {
                return box;
            }
        }
        return null;
    }

    String findItem(EwsDouble.Request r) {
        Element op = r.operation();
        Shape shape = Shape.of(Soap.child(op, "ItemShape"));
        Element view = Soap.child(op, "IndexedPageItemView");
        int max = view == null ? Integer.MAX_VALUE : Integer.parseInt(view.getAttribute("MaxEntriesReturned"));
        int offset = view == null || view.getAttribute("Offset").isEmpty() ? 0
                : Integer.parseInt(view.getAttribute("Offset"));
        Element equal = Soap.path(op, "Restriction", "IsEqualTo");
        Element order = Soap.path(op, "SortOrder", "FieldOrder");
        boolean ascending = order != null && "Ascending".equals(order.getAttribute("Order"));
        StringBuilder out = new StringBuilder();
        for (Element id : Soap.children(Soap.child(op, "ParentFolderIds"), null)) {
            Object[] found = d.folder(id, r);
            if (found == null) {
                out.append(Soap.error("FindItem", "ErrorFolderNotFound", "The specified folder could not be found in"
                        + " the store.", null));
                continue;
            }
            List<DoubleItem> all = new ArrayList<>(((DoubleMailbox) found[0]).itemsOf(((DoubleMailbox.Folder)
                    found[1]).id));
            if (equal != null) {
                all.removeIf(i -> !matches(i, equal));
            }
            Comparator<DoubleItem> byReceived = Comparator.comparing((DoubleItem i) -> i.received() == null
                    ? Instant.EPOCH : i.received()).thenComparingLong(i -> i.created);
            all.sort(ascending ? byReceived : byReceived.reversed());
            int end = Math.min(all.size(), offset + Math.min(max, d.pageCap));
            StringBuilder items = new StringBuilder();
            for (DoubleItem i : all.subList(Math.min(offset, all.size()), end)) {
                items.append(render(i, shape));
            }
            out.append(Soap.ok("FindItem", "<m:RootFolder IndexedPagingOffset=\"" + end + "\" TotalItemsInView=\""
                    + all.size() + "\" IncludesLastItemInRange=\"" + (end >= all.size()) + "\"><t:Items>" + items
                    + "</t:Items></m:RootFolder>"));
        }
        return Soap.envelope("FindItem", out.toString());
    }

    private static boolean matches(DoubleItem i, Element equal) {
        Element uri = Soap.child(equal, "ExtendedFieldURI");
        String want = Soap.path(equal, "FieldURIOrConstant", "Constant").getAttribute("Value");
        if (uri != null) {
            return want.equals(i.value(key(uri)));
        }
        Element field = Soap.child(equal, "FieldURI");
        String f = field.getAttribute("FieldURI");
        return want.equals(i.fields.get(f.substring(f.indexOf(':') + 1)));
    }

    String getItem(EwsDouble.Request r) {
        Shape shape = Shape.of(Soap.child(r.operation(), "ItemShape"));
        StringBuilder out = new StringBuilder();
        for (Element id : Soap.children(Soap.child(r.operation(), "ItemIds"), null)) {
            DoubleItem i = item(id.getAttribute("Id"));
            if (i != null && shape.fields().contains("item:MimeContent") && d.unconvertible.contains(i.id)) {
                out.append(Soap.error("GetItem", "ErrorMimeContentConversionFailed", "Content conversion failed.",
                        "<m:Items/>"));
                continue;
            }
            out.append(i == null ? Soap.error("GetItem", "ErrorItemNotFound", "The specified object was not found in"
                    + " the store.", "<m:Items/>") : Soap.ok("GetItem", "<m:Items>" + render(i, shape) + "</m:Items>"));
        }
        return Soap.envelope("GetItem", out.toString());
    }

    String syncFolderItems(EwsDouble.Request r) {
        Element op = r.operation();
        Shape shape = Shape.of(Soap.child(op, "ItemShape"));
        Object[] found = d.folder(Soap.child(Soap.child(op, "SyncFolderId"), null), r);
        if (found == null) {
            return Soap.envelope("SyncFolderItems", Soap.error("SyncFolderItems", "ErrorSyncFolderNotFound",
                    "The folder to synchronize could not be found.", null));
        }
        DoubleMailbox box = (DoubleMailbox) found[0];
        DoubleMailbox.Folder folder = (DoubleMailbox.Folder) found[1];
        String state = Soap.text(Soap.child(op, "SyncState"));
        long since = 0;
        if (state != null && !state.isEmpty()) {
            String[] p;
            try {
                p = new String(Base64.getDecoder().decode(state), StandardCharsets.US_ASCII).split(":");
            } catch (IllegalArgumentException e) {
                p = new String[0];
            }
            if (p.length != 3 || !p[0].equals("g" + d.generation) || !p[1].equals(folder.id)) {
                return Soap.envelope("SyncFolderItems", Soap.error("SyncFolderItems", "ErrorInvalidSyncStateData",
                        "Synchronization state data is corrupt or otherwise invalid.", null));
            }
            since = Long.parseLong(p[2]);
        }
        int max = Integer.parseInt(Soap.text(Soap.child(op, "MaxChangesReturned")));
        record Change(long seq, String xml) {
        }
        List<Change> changes = new ArrayList<>();
        for (DoubleItem i : box.itemsOf(folder.id)) {
            if (i.changed <= since) {
                continue;
            }
            if (i.created > since) {
                changes.add(new Change(i.changed, "<t:Create>" + render(i, shape) + "</t:Create>"));
            } else if (i.readOnlyChange) {
                changes.add(new Change(i.changed, "<t:ReadFlagChange><t:ItemId Id=\"" + i.id + "\" ChangeKey=\""
                        + i.changeKey + "\"/><t:IsRead>" + i.read() + "</t:IsRead></t:ReadFlagChange>"));
            } else {
                changes.add(new Change(i.changed, "<t:Update>" + render(i, shape) + "</t:Update>"));
            }
        }
        for (DoubleMailbox.Tombstone t : box.deleted) {
            if (t.folderId().equals(folder.id) && t.deleted() > since && t.created() <= since) {
                changes.add(new Change(t.deleted(), "<t:Delete><t:ItemId Id=\"" + t.id() + "\"/></t:Delete>"));
            }
        }
        changes.sort(Comparator.comparingLong(Change::seq));
        boolean last = changes.size() <= max;
        List<Change> sent = last ? changes : changes.subList(0, max);
        long upTo = last ? d.seq : sent.get(sent.size() - 1).seq();
        StringBuilder xml = new StringBuilder();
        sent.forEach(c -> xml.append(c.xml()));
        String next = Base64.getEncoder().encodeToString(("g" + d.generation + ":" + folder.id + ":" + upTo)
                .getBytes(StandardCharsets.US_ASCII));
        return Soap.envelope("SyncFolderItems", Soap.ok("SyncFolderItems", "<m:SyncState>" + next
                + "</m:SyncState><m:IncludesLastItemInRange>" + last + "</m:IncludesLastItemInRange><m:Changes>"
                + xml + "</m:Changes>"));
    }

    String createItem(EwsDouble.Request r) {
        Element op = r.operation();
        Object[] found = d.folder(Soap.child(Soap.child(op, "SavedItemFolderId"), null), r);
        StringBuilder out = new StringBuilder();
        for (Element el : Soap.children(Soap.child(op, "Items"), null)) {
            if (found == null) {
                out.append(Soap.error("CreateItem", "ErrorFolderNotFound", "The specified folder could not be found"
                        + " in the store.", "<m:Items/>"));
                continue;
            }
            DoubleMailbox box = (DoubleMailbox) found[0];
            DoubleMailbox.Folder folder = (DoubleMailbox.Folder) found[1];
            Element mimeEl = Soap.child(el, "MimeContent");
            byte[] mime = mimeEl == null ? null : Base64.getMimeDecoder().decode(Soap.text(mimeEl));
            if (mime != null && mime.length > d.maxItemBytes) {
                out.append(Soap.error("CreateItem", "ErrorMessageSizeExceeded", "The message exceeds the maximum"
                        + " supported size.", "<m:Items/>"));
                continue;
            }
            String cls = Soap.text(Soap.child(el, "ItemClass"));
            if (cls == null) {
                cls = switch (el.getLocalName()) {
                    case "CalendarItem" -> "IPM.Appointment";
                    case "Contact" -> "IPM.Contact";
                    case "Task" -> "IPM.Task";
                    default -> "IPM.Note";
                };
            }
            DoubleItem item;
            try {
                item = new DoubleItem(d.newId("I"), folder.id, cls, mime);
            } catch (IllegalArgumentException e) {
                out.append(Soap.error("CreateItem", "ErrorMimeContentConversionFailed", "The MIME content could not"
                        + " be converted.", "<m:Items/>"));
                continue;
            }
            if ("CalendarItem".equals(el.getLocalName())) {
                String invitations = op.getAttribute("SendMeetingInvitations");
                if (invitations.isEmpty()) {
                    out.append(Soap.error("CreateItem", "ErrorSendMeetingInvitationsRequired", "The"
                            + " SendMeetingInvitations attribute is required for calendar items.", "<m:Items/>"));
                    continue;
                }
                item.invitations = invitations;
            }
            apply(item, el);
            if (item.value(DoubleItem.FLAGS) == null) {
                // a message saved without flags is an unsent draft; calendar items, contacts and tasks are read
                item.put(DoubleItem.FLAGS, "Integer", "Message".equals(item.element()) ? "9" : "1");
            }
            if (item.value(DoubleItem.DELIVERY) == null) {
                item.put(DoubleItem.DELIVERY, "SystemTime", Soap.time(d.tick()));
            }
            d.store(box, item);
            out.append(Soap.ok("CreateItem", "<m:Items><t:" + item.element() + "><t:ItemId Id=\"" + item.id
                    + "\" ChangeKey=\"" + item.changeKey + "\"/></t:" + item.element() + "></m:Items>"));
        }
        return Soap.envelope("CreateItem", out.toString());
    }

    /** The properties an item element carries: extended properties, categories, IsRead and plain fields. */
    private static void apply(DoubleItem item, Element el) {
        for (Element c : Soap.children(el, null)) {
            switch (c.getLocalName()) {
                case "MimeContent", "ItemClass", "ItemId" -> {
                }
                case "ExtendedProperty" -> {
                    Element uri = Soap.child(c, "ExtendedFieldURI");
                    item.put(key(uri), uri.getAttribute("PropertyType"), Soap.text(Soap.child(c, "Value")));
                }
                case "Categories" -> {
                    item.categories.clear();
                    Soap.children(c, "String").forEach(s -> item.categories.add(Soap.text(s)));
                }
                case "IsRead" -> item.read(Boolean.parseBoolean(Soap.text(c)));
                default -> {
                    if (Soap.children(c, null).isEmpty() && !c.hasAttributes()) {
                        item.fields.put(c.getLocalName(), Soap.text(c));
                        item.parts.remove(c.getLocalName());
                    } else {
                        item.parts.put(c.getLocalName(), Soap.xml(c));
                        item.fields.remove(c.getLocalName());
                    }
                }
            }
        }
    }

    String updateItem(EwsDouble.Request r) {
        StringBuilder out = new StringBuilder();
        for (Element change : Soap.children(Soap.child(r.operation(), "ItemChanges"), "ItemChange")) {
            DoubleItem i = item(Soap.child(change, "ItemId").getAttribute("Id"));
            if (i == null) {
                out.append(Soap.error("UpdateItem", "ErrorItemNotFound", "The specified object was not found in the"
                        + " store.", "<m:Items/>"));
                continue;
            }
            boolean readOnly = true;
            for (Element u : Soap.children(Soap.child(change, "Updates"), null)) {
                Element field = Soap.child(u, "FieldURI");
                boolean isRead = field != null && "message:IsRead".equals(field.getAttribute("FieldURI"));
                readOnly &= isRead;
                if ("SetItemField".equals(u.getLocalName())) {
                    Element holder = Soap.children(u, null).get(1);
                    Element ext = Soap.child(u, "ExtendedFieldURI");
                    if (ext != null && key(ext).equals(DoubleItem.FLAGS)) {
                        continue; // PR_MESSAGE_FLAGS is read-only after the first save
                    }
                    apply(i, holder);
                } else if ("DeleteItemField".equals(u.getLocalName())) {
                    Element uri = Soap.child(u, "ExtendedFieldURI");
                    if (uri != null) {
                        i.extended.remove(key(uri));
                    } else if (field != null && "item:Categories".equals(field.getAttribute("FieldURI"))) {
                        i.categories.clear();
                    }
                }
            }
            d.touch(i, readOnly);
            out.append(Soap.ok("UpdateItem", "<m:Items><t:" + i.element() + "><t:ItemId Id=\"" + i.id
                    + "\" ChangeKey=\"" + i.changeKey + "\"/></t:" + i.element() + "></m:Items><m:ConflictResults>"
                    + "<t:Count>0</t:Count></m:ConflictResults>"));
        }
        return Soap.envelope("UpdateItem", out.toString());
    }

    String deleteItem(EwsDouble.Request r) {
        StringBuilder out = new StringBuilder();
        for (Element id : Soap.children(Soap.child(r.operation(), "ItemIds"), null)) {
            DoubleItem i = item(id.getAttribute("Id"));
            if (i == null) {
                out.append(Soap.error("DeleteItem", "ErrorItemNotFound", "The specified object was not found in the"
                        + " store.", null));
                continue;
            }
            DoubleMailbox box = boxOf(i);
            box.items.remove(i.id);
            box.deleted.add(new DoubleMailbox.Tombstone(i.id, i.folderId, i.created, ++d.seq));
            out.append(Soap.ok("DeleteItem", ""));
        }
        return Soap.envelope("DeleteItem", out.toString());
    }
}
