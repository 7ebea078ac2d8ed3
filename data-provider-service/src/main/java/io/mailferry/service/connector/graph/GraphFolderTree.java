package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mailbox's folder tree as both sides list it: walked from the top ({@code mailFolders?includeHiddenFolders=true},
 * then {@code childFolders} of each folder that has any; learn.microsoft.com/graph/api/user-list-mailfolders and
 * mailfolder-list-childfolders), parents first, the inbox and its subfolders at the head, the inbox named "INBOX"
 * whatever the mailbox's language and the well-known folders typed by their locale-independent names
 * ({@link GraphMailboxContext#types}). Folder ids are the MailFolder's id and handle.
 */
final class GraphFolderTree {
    private static final Logger LOG = LoggerFactory.getLogger(GraphFolderTree.class);
    static final String FIELDS = "id,displayName,parentFolderId,childFolderCount,totalItemCount,isHidden";

    private GraphFolderTree() {
    }

    /** Every folder of the mailbox, parents before children. */
    static List<MailFolder> list(GraphMailboxContext box, String permission) throws MailboxException {
        Map<String, FolderType> types = box.types();
        String inbox = box.inboxId();
        GraphHttp.Call call = new GraphHttp.Call("listing its folders", permission, "a folder");
        List<JsonNode> top = new ArrayList<>(box.http().getAll(box.path() + "/mailFolders?includeHiddenFolders=true"
                + "&$top=100&$select=" + GraphHttp.query(FIELDS), call));
        // the inbox and its subtree first: the engine and the folder mapper expect INBOX at the head
        top.sort((a, b) -> Boolean.compare(!a.path("id").asText().equals(inbox), !b.path("id").asText().equals(inbox)));
        List<MailFolder> out = new ArrayList<>();
        walk(box, top, List.of(), types, inbox, out, call);
        return out;
    }

    /** The direct subfolders of {@code parentId} (null: the top of the mailbox), as Graph lists them. */
    static List<JsonNode> children(GraphMailboxContext box, String parentId, GraphHttp.Call call)
            throws MailboxException {
        String base = parentId == null ? box.path() + "/mailFolders?"
                : folderPath(box, parentId) + "/childFolders?";
        return box.http().getAll(base + "includeHiddenFolders=true&$top=100&$select=" + GraphHttp.query(FIELDS), call);
    }

    /** The MailFolder of one listed folder below {@code parent} (empty at the top). */
    static MailFolder folder(JsonNode f, List<String> parent, Map<String, FolderType> types, String inbox) {
        String id = f.path("id").asText();
        List<String> path = new ArrayList<>(parent);
        path.add(id.equals(inbox) ? "INBOX" : f.path("displayName").asText(""));
        return new MailFolder(id, id, path, '/', types.getOrDefault(id, FolderType.OTHER), true);
    }

    static String folderPath(GraphMailboxContext box, String id) {
        return box.path() + "/mailFolders/" + GraphHttp.segment(id);
    }

    private static void walk(GraphMailboxContext box, List<JsonNode> nodes, List<String> parent,
            Map<String, FolderType> types, String inbox, List<MailFolder> out, GraphHttp.Call call)
            throws MailboxException {
        for (JsonNode f : nodes) {
            MailFolder folder = folder(f, parent, types, inbox);
            out.add(folder);
            if (!f.has("childFolderCount") || f.path("childFolderCount").asInt(0) > 0) {
                try {
                    walk(box, children(box, folder.id(), call), folder.path(), types, inbox, out, call);
                } catch (GraphHttp.NotFound gone) {
                    LOG.debug("{}: folder {} vanished while its subfolders were listed", box.http().who(),
                            folder.path());
                }
            }
        }
    }
}
