package io.mailferry.service.engine.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link TargetMailbox#ensureFolder} for targets whose folders have ids and case-insensitive display names (Graph,
 * EWS): walks a path from the top — "INBOX" first is the inbox —, each segment taken from what the connector knows,
 * else from the parent's subfolders as the server lists them now (another client may have made it), and created only
 * when missing. The connector supplies what it knows and the two lookups; the walk is the same for every such target.
 */
public final class FolderPaths {
    private FolderPaths() {
    }

    /** Finds or makes the subfolder {@code name} of {@code parent} (null: the top); null when there is none. */
    @FunctionalInterface
    public interface Lookup {
        MailFolder find(MailFolder parent, String name) throws MailboxException;
    }

    /**
     * The folder at {@code path}, found or created segment by segment.
     *
     * @param known  the folders the connector knows, by {@link #key} of their path
     * @param listed the subfolder as the server lists it now, or null
     * @param create creates the subfolder
     */
    public static MailFolder ensure(List<String> path, Map<String, MailFolder> known, Lookup listed, Lookup create)
            throws MailboxException {
        MailFolder at = null;
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            if (i == 0 && name.equalsIgnoreCase("INBOX")) {
                at = known.get(key(List.of("INBOX")));
                if (at != null) {
                    continue;
                }
            }
            List<String> wanted = new ArrayList<>(at == null ? List.of() : at.path());
            wanted.add(name);
            MailFolder found = known.get(key(wanted));
            if (found == null) {
                found = listed.find(at, name);
            }
            if (found == null) {
                found = create.find(at, name);
            }
            at = found;
        }
        if (at == null) {
            throw new IllegalArgumentException("a folder path needs at least one segment");
        }
        return at;
    }

    /** A path as a case-insensitive key (segments joined by NUL). */
    public static String key(List<String> path) {
        return String.join("\u0000", path).toLowerCase(Locale.ROOT);
    }
}
