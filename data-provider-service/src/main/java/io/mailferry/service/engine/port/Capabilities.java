package io.mailferry.service.engine.port;

import java.util.Set;

/**
 * What one connector can do, so the engine adapts without learning the protocol.
 *
 * @param maxItemBytes   the largest item the side takes (target) or delivers (source), 0 when it sets no limit
 * @param byteIdentical  a stored item reads back byte for byte as written (IMAP); false where the store rebuilds it
 *                       (Graph, EWS): verification then compares size-independent evidence (stamp, header digest)
 * @param stamps         the target can store an identity stamp with each written item and list it back
 *                       ({@link ItemRef#stamp}), so a lost ledger or a crash never leads to a duplicate
 * @param changeTokens   the source can tell what changed in a folder since an opaque token ({@link Changes})
 * @param kinds          the item kinds the side holds
 * @param folderNames    the folder name rules of the target
 * @param atomKeywords   keywords must be IMAP atoms (no spaces, brackets, quotes, controls or 8-bit); others are
 *                       dropped when written and left out when states are compared
 * @param stableFolderIds a folder keeps its id when it is renamed (Graph, EWS; not IMAP, whose ids are paths), so
 *                       a source folder renamed between passes is the same folder
 */
public record Capabilities(long maxItemBytes, boolean byteIdentical, boolean stamps, boolean changeTokens,
        Set<ItemKind> kinds, FolderNameRules folderNames, boolean atomKeywords, boolean stableFolderIds) {
    public Capabilities {
        kinds = Set.copyOf(kinds);
    }

    /** Capabilities of a connector whose folder ids do not survive a rename. */
    public Capabilities(long maxItemBytes, boolean byteIdentical, boolean stamps, boolean changeTokens,
            Set<ItemKind> kinds, FolderNameRules folderNames, boolean atomKeywords) {
        this(maxItemBytes, byteIdentical, stamps, changeTokens, kinds, folderNames, atomKeywords, false);
    }

    /** True when a target with these capabilities can hold {@code keyword}. */
    public boolean keywordAllowed(String keyword) {
        if (keyword == null || keyword.isBlank()) {
            return false;
        }
        if (!atomKeywords) {
            return true;
        }
        for (char c : keyword.toCharArray()) {
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code keyword} as a target with these capabilities keeps it: as it is when allowed, else null. */
    public String keptAs(String keyword) {
        return keywordAllowed(keyword) ? keyword : null;
    }
}
