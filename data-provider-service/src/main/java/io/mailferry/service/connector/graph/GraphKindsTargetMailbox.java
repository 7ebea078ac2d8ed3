package io.mailferry.service.connector.graph;

import io.mailferry.model.job.FolderClass;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Microsoft 365 target that holds every kind (ADR 0026): mail folders go to the mail writer the connection uses
 * (Exchange Online IMAP or the Graph write path, unchanged), calendars, contact folders and To Do lists to Graph
 * ({@link GraphPimStore}). Each call is routed by the folder's class; the capabilities of a folder are those of the
 * store behind it, so the engine verifies mail byte for byte over IMAP and the other kinds by their stamps. Not
 * thread-safe (one per engine worker).
 */
public final class GraphKindsTargetMailbox implements TargetMailbox {
    /** Rebuilt from JSON, stamped, folder ids survive renames, one request per item. */
    static final Capabilities PIM = new Capabilities(GraphMessageJson.REQUEST_LIMIT, false, true, false,
            Set.of(ItemKind.EVENT, ItemKind.CONTACT, ItemKind.TASK), FolderNameRules.CASE_INSENSITIVE, false, true);

    private final TargetMailbox mail;
    private final GraphPimStore pim;

    GraphKindsTargetMailbox(TargetMailbox mail, GraphPimStore pim) {
        this.mail = mail;
        this.pim = pim;
    }

    private static boolean isMail(MailFolder folder) {
        return folder.folderClass() == FolderClass.MAIL;
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        List<MailFolder> all = new ArrayList<>(mail.folders());
        all.addAll(pim.folders());
        return all;
    }

    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        return mail.ensureFolder(path);
    }

    @Override
    public void prepareFolders(List<List<String>> paths) throws MailboxException {
        mail.prepareFolders(paths);
    }

    @Override
    public boolean writesBatchesAtOnce(MailFolder folder) {
        return isMail(folder) && mail.writesBatchesAtOnce(folder);
    }

    @Override
    public MailFolder ensureFolder(List<String> path, FolderClass folderClass) throws MailboxException {
        return folderClass == null || folderClass == FolderClass.MAIL ? mail.ensureFolder(path, folderClass)
                : pim.ensure(path, folderClass);
    }

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        return isMail(folder) ? mail.state(folder) : new FolderState(GraphSourceMailbox.EPOCH, null, -1);
    }

    /** The mail side's: its batches are written at once, the other kinds item by item. */
    @Override
    public long roundTrip() throws MailboxException {
        return mail.roundTrip();
    }

    /** The mail folders' states in one call to the mail side; the other kinds' as {@link #state} gives them. */
    @Override
    public List<FolderState> states(List<MailFolder> folders) throws MailboxException {
        List<FolderState> mailStates = mail.states(folders.stream().filter(GraphKindsTargetMailbox::isMail).toList());
        List<FolderState> out = new ArrayList<>(folders.size());
        int next = 0;
        for (MailFolder folder : folders) {
            out.add(isMail(folder) ? mailStates.get(next++) : state(folder));
        }
        return out;
    }

    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        return list(folder, cursor, limit, null);
    }

    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        return isMail(folder) ? mail.list(folder, cursor, limit, known) : pim.list(folder, cursor, limit);
    }

    @Override
    public String writeMark(MailFolder folder) throws MailboxException {
        return isMail(folder) ? mail.writeMark(folder) : null;
    }

    @Override
    public List<WriteResult> write(MailFolder folder, List<WriteRequest> items) throws MailboxException {
        if (isMail(folder)) {
            return mail.write(folder, items);
        }
        List<WriteResult> results = new ArrayList<>(items.size());
        for (WriteRequest r : items) {
            results.add(pim.write(folder, r));
        }
        return results;
    }

    @Override
    public List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own)
            throws MailboxException {
        if (isMail(folder)) {
            return mail.arrived(folder, pending, own);
        }
        Set<String> taken = new HashSet<>(own);
        List<String> answer = new ArrayList<>(pending.size());
        for (PendingWrite w : pending) {
            String id = w.stamp() == null ? null : pim.lookUp(folder, w.stamp(), taken);
            if (id != null) {
                taken.add(id);
            }
            answer.add(id);
        }
        return answer;
    }

    /** Calendar, contact and task items keep no read or flag state here: nothing to set for them. */
    @Override
    public void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
        if (isMail(folder)) {
            mail.setState(folder, state, ids);
        }
    }

    @Override
    public String keptAs(String keyword) {
        return mail.keptAs(keyword);
    }

    @Override
    public io.mailferry.service.engine.port.ItemState held(io.mailferry.service.engine.port.ItemState state) {
        return mail.held(state);
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        if (isMail(folder)) {
            mail.delete(folder, ids);
        } else {
            pim.delete(folder, ids);
        }
    }

    /** A mail folder's mark is the mail writer's; Graph's ids (no mark) are never reused. */
    @Override
    public boolean provenGone(String mark, String id) {
        return mark == null || mail.provenGone(mark, id);
    }

    /** The mail writer's, holding every kind. */
    @Override
    public Capabilities capabilities() {
        Capabilities m = mail.capabilities();
        Set<ItemKind> kinds = new HashSet<>(m.kinds());
        kinds.addAll(PIM.kinds());
        return new Capabilities(m.maxItemBytes(), m.byteIdentical(), m.stamps(), m.changeTokens(), kinds,
                m.folderNames(), m.atomKeywords(), m.stableFolderIds());
    }

    @Override
    public Capabilities capabilities(MailFolder folder) {
        return isMail(folder) ? mail.capabilities(folder) : PIM;
    }

    @Override
    public void close() {
        mail.close();
    }
}
