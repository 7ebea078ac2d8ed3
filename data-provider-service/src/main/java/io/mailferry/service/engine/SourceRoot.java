package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.model.job.FolderType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Confines a source listing to one folder subtree (Microsoft's UserRoot: an administrator login sees many users'
 * folders, e.g. {@code users/terry.adams}, and this pair migrates only that user's) and makes the names relative to
 * it, so {@link FolderMapper}, the include/exclude patterns and rename rules see the subtree as a whole mailbox:
 * <ul>
 *   <li>the root folder itself, when it holds messages, is INBOX; so is a child named INBOX (any case). When both
 *       exist both go to the target's INBOX (merged on purpose, as two source folders with one target path are);</li>
 *   <li>{@code root/Sent} is {@code Sent} (its special-use type as the server marks it), {@code root/Projects/2024}
 *       is {@code Projects/2024};</li>
 *   <li>folders outside the root are dropped, not even reported as left out.</li>
 * </ul>
 * The root is "/"-separated; it matches the decoded folder segments, so the server's own separator does not matter
 * (a root written with the server's separator, e.g. {@code users.anna}, is accepted too). {@link #real} turns a
 * mapping back to the listed folder, so the ledger and checkpoints keep the real source paths.
 */
final class SourceRoot {
    private final String root;
    private final Map<MailFolder, MailFolder> realByRelative = new HashMap<>();

    /** @param root "/"-separated folder path, null or blank for the whole mailbox */
    SourceRoot(String root) {
        this.root = root == null || root.isBlank() ? null : root;
    }

    /**
     * The folders inside the root, renamed relative to it; the listing unchanged without a root.
     *
     * @throws MailboxException (FATAL) when no listed folder is the root or lies below it
     */
    List<MailFolder> confine(List<MailFolder> listed) throws MailboxException {
        if (root == null) {
            return listed;
        }
        List<String> segments = findRoot(listed);
        if (segments == null) {
            throw new MailboxException(MailboxException.Kind.FATAL,
                    "Source folder '" + root + "' (UserRoot) does not exist.");
        }
        List<MailFolder> relative = new ArrayList<>();
        for (MailFolder f : listed) {
            if (!isUnder(f.path(), segments)) {
                continue;
            }
            List<String> rest = f.path().subList(segments.size(), f.path().size());
            MailFolder r;
            if (rest.isEmpty()) {
                if (!f.selectable()) {
                    continue; // a mere container: it holds no messages, and its children follow anyway
                }
                r = new MailFolder(f.id(), f.handle(), List.of("INBOX"), f.separator(), FolderType.INBOX, true,
                        f.folderClass());
            } else {
                List<String> path = new ArrayList<>(rest);
                if (path.get(0).equalsIgnoreCase("INBOX")) {
                    path.set(0, "INBOX"); // INBOX is case-insensitive (RFC 3501); its subfolders follow it
                }
                boolean inbox = path.size() == 1 && path.get(0).equals("INBOX");
                r = new MailFolder(f.id(), f.handle(), path, f.separator(), inbox ? FolderType.INBOX : f.type(),
                        f.selectable(), f.folderClass());
            }
            realByRelative.put(r, f);
            relative.add(r);
        }
        return relative;
    }

    /** The listed folder behind a folder {@link #confine} returned (itself without a root). */
    MailFolder real(MailFolder folder) {
        return realByRelative.getOrDefault(folder, folder);
    }

    /** The root's segments as the listing spells them, or null when nothing is at or below it. */
    private List<String> findRoot(List<MailFolder> listed) {
        Set<Character> separators = new LinkedHashSet<>();
        separators.add('/');
        listed.forEach(f -> separators.add(f.separator()));
        for (char separator : separators) {
            List<String> segments = split(root, separator);
            if (!segments.isEmpty() && listed.stream().anyMatch(f -> isUnder(f.path(), segments))) {
                return segments;
            }
        }
        return null;
    }

    private static List<String> split(String path, char separator) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split(Pattern.quote(String.valueOf(separator)))) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }

    private static boolean isUnder(List<String> path, List<String> root) {
        if (path.size() < root.size()) {
            return false;
        }
        for (int i = 0; i < root.size(); i++) {
            boolean same = i == 0 && root.get(0).equalsIgnoreCase("INBOX")
                    ? path.get(0).equalsIgnoreCase("INBOX")
                    : path.get(i).equals(root.get(i));
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
