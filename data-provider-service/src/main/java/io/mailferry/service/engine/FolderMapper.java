package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.RenameRule;
import io.mailferry.service.engine.port.FolderNameRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps source folders to target paths. Pure and deterministic: the same folder lists and filter give the same plan, so
 * every pass of a pair writes to the same target folders.
 *
 * <p>Rules, in order of precedence for one folder's target path:
 * <ol>
 * <li>the first {@link RenameRule} whose pattern matches the whole "/"-joined source path (admin intent wins);</li>
 * <li>INBOX (by type, or a top-level folder named INBOX in any case) goes to the target's INBOX-typed folder, whatever
 *     its name ("Posteingang"); SENT, DRAFTS, TRASH, JUNK and ARCHIVE go to the target's folder of that type when it
 *     has one ("Sent Items" → "Sent"), else keep their source name;</li>
 * <li>otherwise the parent's target path plus the folder's own name, so subfolders follow a renamed or special
 *     parent ("Sent Items/2019" → "Sent/2019");</li>
 * </ol>
 * Paths are segment lists, so hierarchy separators never matter and a name containing "/" stays one segment (unless a
 * rename rule rewrites it).
 *
 * <p>Folders of each class (mail, calendar, contacts, tasks) are mapped among the target's folders of the same class
 * only, so a task list "Tasks" and a mail folder "Tasks" never meet; a class the job does not select
 * ({@link FolderFilter#kinds}) is left out whole. The default calendar, contacts folder and task list (types CALENDAR,
 * CONTACTS, TASKS) go to the target's own, as the special mail folders do.
 *
 * <p>Selection: a folder is selected when it is selectable, matches an include glob (none = all), neither it nor an
 * ancestor matches an exclude glob, and, for a mail folder, its type is among {@code folderTypes} (none = all). A subfolder of SENT,
 * DRAFTS, TRASH, JUNK or ARCHIVE counts as that type (deselecting Trash leaves its subfolders out too); a subfolder of
 * INBOX counts as OTHER, because some servers keep every folder under INBOX. \Noselect containers are never selected;
 * the target creates them only as parents of a selected folder.
 *
 * <p>Case collisions, when the target's names are case-insensitive ({@link FolderNameRules#caseSensitive}):
 * a target path differing only by case from an existing target folder maps to that existing folder. When two source
 * folders differ only by case at the same level ("Work", "work"), the one that exists exactly so on the target wins,
 * else the first in ordinal order ("Work" before "work"); the others get " (2)", " (3)" appended to that segment. Two
 * source folders with exactly the same target path (e.g. "Sent" and "Sent Items" both typed or renamed to Sent) are
 * merged on purpose.
 *
 * <p>Names the target refuses ({@link FolderNameRules}): a forbidden character becomes "_", a reserved top-level
 * name (Exchange Online's "Files") gets " (migrated)" appended.
 */
public final class FolderMapper {
    private static final Comparator<List<String>> BY_SEGMENTS = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final FolderFilter filter;
    private final List<FolderGlob> includes;
    private final List<FolderGlob> excludes;
    private final List<Pattern> renamePatterns;

    public FolderMapper(FolderFilter filter) {
        this.filter = filter;
        this.includes = filter.include().stream().map(FolderGlob::of).toList();
        this.excludes = filter.exclude().stream().map(FolderGlob::of).toList();
        this.renamePatterns = filter.renames().stream().map(r -> Pattern.compile(r.pattern())).toList();
    }

    /**
     * @param source              the source's folders as listed
     * @param target              the target's folders as listed (for special-use folders and existing names)
     * @param rules               the target's folder name rules: case, reserved names, forbidden characters
     */
    public FolderPlan map(List<MailFolder> source, List<MailFolder> target, FolderNameRules rules) {
        List<FolderMapping> mappings = new ArrayList<>();
        Map<String, String> leftOut = new LinkedHashMap<>();
        for (FolderClass c : FolderClass.values()) {
            List<MailFolder> ofClass = source.stream().filter(f -> f.folderClass() == c).toList();
            if (ofClass.isEmpty()) {
                continue;
            }
            if (!filter.selects(c)) {
                ofClass.forEach(f -> leftOut.put(f.displayPath(), c.word() + " folders are not selected"));
                continue;
            }
            FolderPlan plan = mapClass(ofClass, target.stream().filter(f -> f.folderClass() == c).toList(), rules);
            mappings.addAll(plan.mappings());
            leftOut.putAll(plan.leftOut());
        }
        mappings.sort(Comparator.comparing(m -> m.source().path(), BY_SEGMENTS));
        return new FolderPlan(mappings, leftOut);
    }

    /** Maps folders of one class onto the target's folders of that class. */
    private FolderPlan mapClass(List<MailFolder> source, List<MailFolder> target, FolderNameRules rules) {
        Map<List<String>, MailFolder> byPath = new HashMap<>();
        source.forEach(f -> byPath.put(f.path(), f));
        Map<List<String>, List<String>> desired = new HashMap<>();
        Map<String, String> leftOut = new LinkedHashMap<>();
        List<MailFolder> selected = new ArrayList<>();
        for (MailFolder f : source) {
            String why = whyLeftOut(f, byPath);
            if (why == null) {
                selected.add(f);
            } else {
                leftOut.put(f.displayPath(), why);
            }
        }
        Collisions collisions = new Collisions(target, rules.caseSensitive());
        // folders that exist exactly so on the target claim their names first, so a re-run maps identically
        selected.sort(Comparator.<MailFolder>comparingInt(
                        f -> collisions.existsExactly(desired(f.path(), byPath, target, desired)) ? 0 : 1)
                .thenComparing(MailFolder::path, BY_SEGMENTS));
        List<FolderMapping> mappings = new ArrayList<>();
        for (MailFolder f : selected) {
            List<String> want = allowed(desired(f.path(), byPath, target, desired), collisions, rules);
            mappings.add(new FolderMapping(f, collisions.resolve(want)));
        }
        mappings.sort(Comparator.comparing(m -> m.source().path(), BY_SEGMENTS));
        return new FolderPlan(mappings, leftOut);
    }

    /**
     * {@code path} with the names the target would refuse replaced: forbidden characters become "_", a reserved
     * top-level name gets " (migrated)". Folders that already exist on the target keep their names.
     */
    private static List<String> allowed(List<String> path, Collisions collisions, FolderNameRules rules) {
        if (collisions.existingName(path) != null) {
            return path;
        }
        List<String> out = new ArrayList<>(path.size());
        for (int i = 0; i < path.size(); i++) {
            String seg = path.get(i);
            if (collisions.existingName(path.subList(0, i + 1)) == null) {
                seg = rules.clean(seg);
                if (i == 0 && rules.isReserved(seg)) {
                    seg = seg + " (migrated)";
                }
            }
            out.add(seg);
        }
        return out;
    }

    private String whyLeftOut(MailFolder f, Map<List<String>, MailFolder> byPath) {
        if (!f.selectable()) {
            return "a container without messages (\\Noselect)";
        }
        String path = f.displayPath();
        if (!includes.isEmpty() && includes.stream().noneMatch(g -> g.matches(path))) {
            return "not matched by the include patterns";
        }
        for (int n = 1; n <= f.path().size(); n++) {
            String ancestor = String.join("/", f.path().subList(0, n));
            if (excludes.stream().anyMatch(g -> g.matches(ancestor))) {
                return n == f.path().size() ? "excluded by pattern" : "inside excluded folder " + ancestor;
            }
        }
        FolderType type = selectionType(f.path(), byPath);
        if (f.folderClass() == FolderClass.MAIL && !filter.folderTypes().isEmpty()
                && !filter.folderTypes().contains(type)) {
            return "folder type " + type + " not selected";
        }
        return null;
    }

    private static FolderType selectionType(List<String> path, Map<List<String>, MailFolder> byPath) {
        FolderType own = typeOf(path, byPath);
        if (own != FolderType.OTHER) {
            return own;
        }
        for (int n = path.size() - 1; n >= 1; n--) {
            FolderType t = typeOf(path.subList(0, n), byPath);
            if (t != FolderType.OTHER && t != FolderType.INBOX) {
                return t;
            }
        }
        return FolderType.OTHER;
    }

    private static FolderType typeOf(List<String> path, Map<List<String>, MailFolder> byPath) {
        if (path.size() == 1 && path.get(0).equalsIgnoreCase("INBOX")) {
            return FolderType.INBOX;
        }
        MailFolder f = byPath.get(path);
        return f == null || f.type() == null ? FolderType.OTHER : f.type();
    }

    private List<String> desired(List<String> path, Map<List<String>, MailFolder> byPath, List<MailFolder> target,
            Map<List<String>, List<String>> memo) {
        List<String> known = memo.get(path);
        if (known != null) {
            return known;
        }
        List<String> result = renamed(String.join("/", path))
                .or(() -> special(typeOf(path, byPath), target))
                .orElseGet(() -> {
                    if (path.size() == 1) {
                        return path;
                    }
                    List<String> p = new ArrayList<>(desired(path.subList(0, path.size() - 1), byPath, target, memo));
                    p.add(path.get(path.size() - 1));
                    return p;
                });
        memo.put(List.copyOf(path), List.copyOf(result));
        return result;
    }

    private Optional<List<String>> renamed(String path) {
        for (int i = 0; i < renamePatterns.size(); i++) {
            Matcher m = renamePatterns.get(i).matcher(path);
            if (m.matches()) {
                StringBuilder sb = new StringBuilder();
                m.appendReplacement(sb, filter.renames().get(i).replacement());
                List<String> segments = List.of(sb.toString().split("/")).stream().filter(s -> !s.isEmpty()).toList();
                return segments.isEmpty() ? Optional.empty() : Optional.of(segments);
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> special(FolderType type, List<MailFolder> target) {
        if (type == FolderType.OTHER) {
            return Optional.empty();
        }
        Optional<List<String>> own = target.stream().filter(t -> t.type() == type).map(MailFolder::path).findFirst();
        return type == FolderType.INBOX ? own.or(() -> Optional.of(List.of("INBOX"))) : own;
    }

    /** Resolves case collisions level by level, remembering which exact name owns each folded name. */
    private static final class Collisions {
        private final boolean caseSensitive;
        private final Map<List<String>, List<String>> existingByFolded = new HashMap<>();
        private final Map<List<String>, MailFolder> existingExact = new HashMap<>();
        private final Node root = new Node(List.of());

        Collisions(List<MailFolder> target, boolean caseSensitive) {
            this.caseSensitive = caseSensitive;
            for (MailFolder t : target) {
                existingByFolded.putIfAbsent(fold(t.path()), t.path());
                existingExact.put(t.path(), t);
            }
        }

        boolean existsExactly(List<String> path) {
            return existingExact.containsKey(path);
        }

        List<String> resolve(List<String> desired) {
            Node node = root;
            for (String seg : desired) {
                Node child = node.byExact.get(seg);
                if (child == null) {
                    child = node.add(seg, this);
                }
                node = child;
            }
            return node.resolved;
        }

        String fold(String segment, int depth) {
            if (depth == 0 && segment.equalsIgnoreCase("INBOX")) {
                return "INBOX"; // RFC 3501: INBOX is case-insensitive on every server
            }
            return caseSensitive ? segment : segment.toLowerCase(Locale.ROOT);
        }

        List<String> fold(List<String> path) {
            List<String> f = new ArrayList<>(path.size());
            for (int i = 0; i < path.size(); i++) {
                f.add(fold(path.get(i), i));
            }
            return f;
        }

        /** The existing target folder's own spelling of {@code path}, if one matches it after folding. */
        String existingName(List<String> path) {
            List<String> hit = existingByFolded.get(fold(path));
            return hit == null ? null : hit.get(hit.size() - 1);
        }
    }

    private static final class Node {
        final List<String> resolved;
        final Map<String, Node> byExact = new HashMap<>();
        final Map<String, String> folded = new HashMap<>();

        Node(List<String> resolved) {
            this.resolved = resolved;
        }

        Node add(String seg, Collisions c) {
            int depth = resolved.size();
            String name = seg;
            if (folded.containsKey(c.fold(seg, depth))) {
                int n = 2;
                while (folded.containsKey(c.fold(seg + " (" + n + ")", depth))) {
                    n++;
                }
                name = seg + " (" + n + ")";
            }
            folded.put(c.fold(name, depth), name);
            List<String> path = new ArrayList<>(resolved);
            path.add(name);
            String existing = c.existingName(path);
            if (existing != null) {
                path.set(path.size() - 1, existing);
            }
            Node child = new Node(List.copyOf(path));
            byExact.put(seg, child);
            return child;
        }
    }
}
