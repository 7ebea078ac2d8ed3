package io.mailferry.service.connector.imap;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Namespaces;

/**
 * Folder listing (LIST with SPECIAL-USE, names decoded from modified UTF-7 by Angus) and folder creation for one
 * session. Paths are relative to the personal namespace, so "INBOX.Sent" on a Courier-style server is ["Sent"].
 */
final class ImapFolders {
    private static final String INBOX = "INBOX";
    /** Well-known names, used for a type no folder claims by SPECIAL-USE attribute (or without SPECIAL-USE). */
    private static final Map<FolderType, List<String>> COMMON_NAMES = new EnumMap<>(Map.of(
            FolderType.SENT, List.of("Sent", "Sent Items", "Sent Messages", "Sent Mail"),
            FolderType.DRAFTS, List.of("Drafts"),
            FolderType.TRASH, List.of("Trash", "Deleted Items", "Deleted Messages"),
            FolderType.JUNK, List.of("Junk", "Spam", "Junk E-mail", "Junk Email"),
            FolderType.ARCHIVE, List.of("Archive", "Archives")));
    private static final Map<String, FolderType> ATTRIBUTES = Map.of(
            "\\sent", FolderType.SENT, "\\drafts", FolderType.DRAFTS, "\\trash", FolderType.TRASH,
            "\\junk", FolderType.JUNK, "\\archive", FolderType.ARCHIVE);

    private final ImapSession session;
    /** The last listing of this session, reused by {@link #ensure} until a folder is created. */
    private List<MailFolder> known;
    /** Folders created per round trip by {@link #prepare}: their answers must fit the socket buffers both ways. */
    static final int CREATE_DEPTH = 200;

    ImapFolders(ImapSession session) {
        this.session = session;
    }

    /** Every folder, parents before children; missing parents are added as non-selectable containers. */
    List<MailFolder> list() throws MailboxException {
        String nsPrefix = prefix();
        boolean specialUse = session.hasCapability("SPECIAL-USE") && session.hasCapability("LIST-EXTENDED");
        return folders(session.run("listing the folders", Kind.FATAL, p -> listInfos(p, specialUse)), nsPrefix);
    }

    /** The folders of a LIST answer, parents before children, remembered as this session's last listing. */
    private List<MailFolder> folders(List<ListInfo> infos, String nsPrefix) {
        Map<String, MailFolder> byName = new LinkedHashMap<>();
        for (ListInfo li : infos) {
            byName.put(li.name, toFolder(li, nsPrefix));
        }
        addMissingParents(byName, nsPrefix);
        List<MailFolder> folders = new ArrayList<>(assignCommonNames(new ArrayList<>(byName.values())));
        folders.sort(Comparator.comparing((MailFolder f) -> f.type() != FolderType.INBOX)
                .thenComparing(MailFolder::path, ImapFolders::comparePaths));
        known = List.copyOf(folders);
        return folders;
    }

    private static List<ListInfo> listInfos(IMAPProtocol p, boolean specialUse) throws ProtocolException {
        return listInfos(ImapSession.execute(p, "LIST", listArguments(specialUse)));
    }

    private static Argument listArguments(boolean specialUse) {
        Argument args = new Argument().writeString("").writeString("*");
        if (specialUse) {
            // RFC 6154: ask explicitly; Dovecot sends the attributes anyway, others only when asked
            args.writeAtom("RETURN (SPECIAL-USE)");
        }
        return args;
    }

    private static List<ListInfo> listInfos(Iterable<Response> r) throws ProtocolException {
        List<ListInfo> infos = new ArrayList<>();
        for (Response response : r) {
            if (response instanceof IMAPResponse ir && ir.keyEquals("LIST")) {
                infos.add(new ListInfo(ir));
            }
        }
        return infos;
    }

    private static List<ListInfo> listInfos(Response[] r) throws ProtocolException {
        return listInfos(java.util.Arrays.asList(r));
    }

    private MailFolder toFolder(ListInfo li, String nsPrefix) {
        char sep = li.separator;
        boolean inbox = li.name.equalsIgnoreCase(INBOX);
        List<String> path = inbox ? List.of(INBOX) : split(strip(li.name, nsPrefix), sep);
        FolderType type = inbox ? FolderType.INBOX : FolderType.OTHER;
        boolean selectable = li.canOpen;
        for (String attr : li.attrs == null ? new String[0] : li.attrs) {
            String a = attr.toLowerCase(Locale.ROOT);
            if (!inbox && ATTRIBUTES.containsKey(a)) {
                type = ATTRIBUTES.get(a);
            }
            if (a.equals("\\noselect") || a.equals("\\nonexistent")) {
                selectable = false;
            }
        }
        return new MailFolder(id(path), li.name, path, sep, type, selectable);
    }

    /**
     * A folder's id: the names of its path joined with "/"; inside a name, "/" is written {@code \/}, and a
     * {@code \} that precedes a "/", another {@code \} or the name's end is written {@code \\} (ADR 0049). Where the
     * server's separator is another ("."), a name may hold "/": unescaped, "a/b" (one folder) and "a.b" (b inside a)
     * had the same id, and the engine merged them — one folder's messages never copied. Any other name keeps the id it
     * had ({@code Clients\Acme} too): the ledger, checkpoints and identity stamps of earlier passes are keyed by it.
     */
    static String id(List<String> path) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            if (i > 0) {
                id.append('/');
            }
            for (int c = 0; c < name.length(); c++) {
                char ch = name.charAt(c);
                if (ch == '/') {
                    id.append("\\/");
                } else if (ch == '\\' && (c + 1 == name.length() || name.charAt(c + 1) == '/'
                        || name.charAt(c + 1) == '\\')) {
                    id.append("\\\\");
                } else {
                    id.append(ch);
                }
            }
        }
        return id.toString();
    }

    private static void addMissingParents(Map<String, MailFolder> byName, String nsPrefix) {
        Map<List<String>, MailFolder> byPath = new LinkedHashMap<>();
        byName.values().forEach(f -> byPath.put(f.path(), f));
        for (MailFolder f : List.copyOf(byName.values())) {
            for (int i = 1; i < f.path().size(); i++) {
                List<String> parent = f.path().subList(0, i);
                if (!byPath.containsKey(parent) && f.separator() != 0) {
                    String name = (parent.get(0).equalsIgnoreCase(INBOX) ? "" : nsPrefix)
                            + String.join(String.valueOf(f.separator()), parent);
                    MailFolder container = new MailFolder(id(parent), name, parent, f.separator(),
                            FolderType.OTHER, false);
                    byPath.put(container.path(), container);
                    byName.put(name, container);
                }
            }
        }
    }

    private static List<MailFolder> assignCommonNames(List<MailFolder> folders) {
        List<MailFolder> result = new ArrayList<>(folders);
        for (Map.Entry<FolderType, List<String>> e : COMMON_NAMES.entrySet()) {
            if (result.stream().anyMatch(f -> f.type() == e.getKey())) {
                continue;
            }
            search:
            for (String name : e.getValue()) {
                for (int i = 0; i < result.size(); i++) {
                    MailFolder f = result.get(i);
                    if (f.type() == FolderType.OTHER && f.path().size() == 1 && f.path().get(0).equalsIgnoreCase(name)) {
                        result.set(i, new MailFolder(f.id(), f.handle(), f.path(), f.separator(), e.getKey(),
                                f.selectable()));
                        break search;
                    }
                }
            }
        }
        return result;
    }

    /**
     * Creates the folder and its missing parents (subscribed), or finds it; idempotent. A segment's own separator
     * characters become '_' so "Q1/Q2" stays one folder. When a create is refused because the name exists in another
     * case (case-insensitive servers), the existing folder is returned. Works from this session's last listing (one
     * LIST per pass instead of one per folder: the engine lists the folders, then ensures each mapped one) and lists
     * again only after creating, or when the listed folder is not found. A refused CREATE is an ITEM failure: only
     * this folder cannot be copied.
     */
    MailFolder ensure(List<String> path) throws MailboxException {
        if (path == null || path.isEmpty()) {
            throw new MailboxException(Kind.FATAL, session.config().side() + " cannot create a folder without a name.");
        }
        List<MailFolder> folders = known != null ? known : list();
        char sep = separator(folders);
        String nsPrefix = prefix();
        List<String> clean = clean(path, sep);
        boolean created = false;
        List<ListInfo> relisted = null;
        boolean specialUse = session.hasCapability("SPECIAL-USE") && session.hasCapability("LIST-EXTENDED");
        for (int depth = 1; depth <= clean.size(); depth++) {
            String fullName = fullName(clean.subList(0, depth), sep, nsPrefix);
            // exact names only: on a server that tells "Work" and "work" apart, an existing "Work" is not "work"
            if (findExactly(folders, fullName) != null) {
                continue;
            }
            String action = "creating folder \"" + String.join("/", clean.subList(0, depth)) + "\"";
            boolean last = depth == clean.size();
            // a refused name (Exchange Online: "Folder name is reserved") fails this folder only
            relisted = session.run(action, Kind.ITEM, p -> create(p, fullName, last, specialUse));
            created = true; // or found to exist (made since the last listing, or in another case): list again
        }
        if (created) {
            folders = relisted != null ? folders(relisted, nsPrefix) : list();
        }
        String target = fullName(clean, sep, nsPrefix);
        MailFolder found = find(folders, target);
        if (found == null) {
            throw new MailboxException(Kind.FATAL, session.config().side() + " did not show folder \""
                    + String.join("/", clean) + "\" after creating it.");
        }
        return found;
    }

    /** The segments of {@code path} as folder names: INBOX as the server names it, separators inside a name '_'. */
    private static List<String> clean(List<String> path, char sep) {
        List<String> clean = new ArrayList<>();
        for (String segment : path) {
            clean.add(clean.isEmpty() && segment.equalsIgnoreCase(INBOX) ? INBOX : sanitize(segment, sep));
        }
        return clean;
    }

    /**
     * Creates what {@link #ensure} would create for each of {@code paths} — the folders and parents this session's last
     * listing lacks — in one round trip: every CREATE and SUBSCRIBE written back to back, parents first, and one LIST
     * after them, which becomes the listing {@link #ensure} works from, so ensuring each folder afterwards takes no
     * round trip. A refused CREATE is not reported here: {@link #ensure} tries that folder again and reports it. Not on
     * Exchange Online, which drops a session after about ten refused commands (ADR 0028): there each folder is created
     * on its own, as {@link #ensure} does.
     */
    void prepare(List<List<String>> paths) throws MailboxException {
        if (session.config().exchangeOnline()) {
            return;
        }
        List<MailFolder> folders = known != null ? known : list();
        char sep = separator(folders);
        String nsPrefix = prefix();
        java.util.Set<String> missing = new java.util.LinkedHashSet<>();
        for (List<String> path : paths) {
            List<String> clean = path == null || path.isEmpty() ? List.of() : clean(path, sep);
            for (int depth = 1; depth <= clean.size(); depth++) {
                String fullName = fullName(clean.subList(0, depth), sep, nsPrefix);
                if (findExactly(folders, fullName) == null) {
                    missing.add(fullName);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        boolean specialUse = session.hasCapability("SPECIAL-USE") && session.hasCapability("LIST-EXTENDED");
        List<String> names = List.copyOf(missing);
        List<ListInfo> relisted = null;
        for (int from = 0; from < names.size(); from += CREATE_DEPTH) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + CREATE_DEPTH));
            boolean last = from + CREATE_DEPTH >= names.size();
            relisted = session.run("creating " + chunk.size() + " folders", Kind.FATAL,
                    p -> createAll(p, chunk, last, specialUse).listing());
        }
        if (relisted != null) {
            folders(relisted, nsPrefix);
        }
    }

    /**
     * CREATE and SUBSCRIBE of each name, then LIST when {@code relist}, written back to back: one round trip (RFC 3501
     * §5.5: the server runs them in order, so the LIST shows the new folders). Refusals are not read here.
     */
    private static Created createAll(IMAPProtocol p, List<String> fullNames, boolean relist, boolean specialUse)
            throws ProtocolException {
        ImapPipeline.Answers answers = ImapPipeline.run(p, () -> {
            List<String> tags = new ArrayList<>();
            for (String fullName : fullNames) {
                tags.add(p.writeCommand("CREATE", ImapAppender.mailbox(p, fullName)));
                tags.add(p.writeCommand("SUBSCRIBE", ImapAppender.mailbox(p, fullName)));
            }
            if (relist) {
                tags.add(p.writeCommand("LIST", listArguments(specialUse)));
            }
            return tags;
        });
        p.notifyResponseHandlers(answers.untagged().stream().filter(r -> !(r instanceof IMAPResponse ir
                && ir.keyEquals("LIST"))).toArray(Response[]::new));
        Response listed = answers.tagged()[answers.tagged().length - 1];
        return new Created(answers.tagged(), relist && listed.isOK() ? listInfos(answers.untagged()) : null);
    }

    /**
     * What {@link #createAll} was answered: the tagged answer of each command (CREATE and SUBSCRIBE of each name, in
     * turn, then the LIST), and the LIST's folders, or null when not asked or refused.
     */
    private record Created(Response[] tagged, List<ListInfo> listing) {
    }

    /**
     * Whether the server tells "Work" and "work" apart. RFC 3501 leaves it to the server: Dovecot does, GreenMail and
     * Exchange do not. Probed once per session with a STATUS on an existing folder's name in flipped case (read-only,
     * creates nothing; the folder taken from the session's last listing, if any); with no folder to probe, false: the
     * folder mapper then keeps such names apart with a suffix rather than merging two folders.
     */
    boolean caseSensitive() throws MailboxException {
        ImapSession.Facts facts = session.facts();
        if (facts.caseSensitive == null) {
            facts.caseSensitive = probeCaseSensitivity();
        }
        return facts.caseSensitive;
    }

    /**
     * Reads what {@link #list} and {@link #caseSensitive} learn once per session (the namespace, case sensitivity), so
     * that a session a connection test hands over to a pass (ImapSessionShelf) has them already: the test's round
     * trips while the data directory opens, not the pass's.
     */
    void learnServer() throws MailboxException {
        prefix();
        caseSensitive();
    }

    private boolean probeCaseSensitivity() throws MailboxException {
        // the session's last listing names the folders as well as a new one would: a LIST round trip saved
        for (MailFolder f : known != null ? known : list()) {
            if (f.type() == FolderType.INBOX || !f.selectable() || f.path().isEmpty()) {
                continue;
            }
            String name = f.path().get(f.path().size() - 1);
            String flipped = flipCase(name);
            if (flipped.equals(name)) {
                continue; // no cased letters (e.g. "2024", "日本語")
            }
            String probe = f.handle().substring(0, f.handle().length() - name.length()) + flipped;
            if (probe.equals(f.handle())) {
                continue;
            }
            return !session.run("checking whether folder names are case-sensitive", Kind.FATAL, p -> exists(p, probe));
        }
        return false;
    }

    private static boolean exists(IMAPProtocol p, String fullName) throws ProtocolException {
        try {
            p.status(fullName, new String[] {"MESSAGES"});
            return true;
        } catch (CommandFailedException e) {
            return false; // NO: no such folder
        }
    }

    static String flipCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
        return sb.toString();
    }

    /**
     * CREATE and SUBSCRIBE, and when {@code relist} the LIST of every folder, in one round trip ({@link #createAll}). A
     * CREATE answered "exists already" (made meanwhile, or in another case) is no failure; any other refusal is thrown.
     * A refused SUBSCRIBE is ignored: a folder that exists but is not subscribed is still migrated; clients may just
     * not show it.
     *
     * @return the LIST's folders, or null when not asked or refused (then the caller lists on its own)
     */
    private static List<ListInfo> create(IMAPProtocol p, String fullName, boolean relist, boolean specialUse)
            throws ProtocolException {
        Created answers = createAll(p, List.of(fullName), relist, specialUse);
        Response created = answers.tagged()[0];
        if (!created.isOK()) {
            try {
                p.handleResult(created);
            } catch (CommandFailedException e) {
                if (!ImapFailures.alreadyExists(e)) {
                    throw e;
                }
            }
        }
        return answers.listing();
    }

    /**
     * The folder named exactly so, else (a case-insensitive server that refused or folded the CREATE) the one whose
     * name differs only by case.
     */
    private static MailFolder find(List<MailFolder> folders, String fullName) {
        MailFolder exact = findExactly(folders, fullName);
        if (exact != null) {
            return exact;
        }
        for (MailFolder f : folders) {
            if (f.handle().equalsIgnoreCase(fullName)) {
                return f;
            }
        }
        return null;
    }

    private static MailFolder findExactly(List<MailFolder> folders, String fullName) {
        for (MailFolder f : folders) {
            if (f.handle().equals(fullName)) {
                return f;
            }
        }
        return null;
    }

    private static String fullName(List<String> segments, char sep, String nsPrefix) {
        String joined = String.join(String.valueOf(sep), segments);
        return segments.get(0).equals(INBOX) ? joined : nsPrefix + joined;
    }

    static String sanitize(String segment, char sep) {
        String s = segment.replace(sep, '_');
        return s.isBlank() ? "_" : s;
    }

    private static char separator(List<MailFolder> folders) {
        for (MailFolder f : folders) {
            if (f.separator() != 0) {
                return f.separator();
            }
        }
        return '/';
    }

    private String prefix() throws MailboxException {
        ImapSession.Facts facts = session.facts();
        if (facts.prefix == null) {
            String prefix = "";
            if (session.hasCapability("NAMESPACE")) {
                Namespaces ns = session.run("reading its namespaces", Kind.FATAL, IMAPProtocol::namespace);
                if (ns != null && ns.personal != null && ns.personal.length > 0 && ns.personal[0].prefix != null) {
                    prefix = ns.personal[0].prefix;
                }
            }
            facts.prefix = prefix;
        }
        return facts.prefix;
    }

    private static String strip(String name, String nsPrefix) {
        return !nsPrefix.isEmpty() && name.startsWith(nsPrefix) && name.length() > nsPrefix.length()
                ? name.substring(nsPrefix.length()) : name;
    }

    private static List<String> split(String name, char sep) {
        if (sep == 0) {
            return List.of(name);
        }
        return Arrays.asList(name.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1));
    }

    private static int comparePaths(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareToIgnoreCase(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
