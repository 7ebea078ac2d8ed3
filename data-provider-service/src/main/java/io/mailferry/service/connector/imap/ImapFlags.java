package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.ItemState;
import jakarta.mail.Flags;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;

/** Flags between Angus ({@link Flags}) and the engine's neutral {@link ItemState}. */
final class ImapFlags {
    private ImapFlags() {
    }

    static final String FORWARDED = "$Forwarded";

    /** The neutral state of IMAP flags: the system flags, $Forwarded as "forwarded", other keywords as they are. */
    static ItemState toState(Flags flags) {
        if (flags == null) {
            return ItemState.NONE;
        }
        Set<String> keywords = null;
        boolean forwarded = false;
        for (String keyword : flags.getUserFlags()) {
            if (keyword.equalsIgnoreCase(FORWARDED)) {
                forwarded = true;
            } else {
                if (keywords == null) {
                    keywords = new LinkedHashSet<>();
                }
                keywords.add(keyword);
            }
        }
        // \Recent is session state, never copied
        return new ItemState(flags.contains(Flags.Flag.SEEN), flags.contains(Flags.Flag.FLAGGED),
                flags.contains(Flags.Flag.ANSWERED), forwarded, flags.contains(Flags.Flag.DRAFT),
                flags.contains(Flags.Flag.DELETED), keywords);
    }

    /** The IMAP flags of a neutral state (keywords that are no atom are dropped later, when the command is built). */
    static Set<String> toFlags(ItemState state) {
        Set<String> out = new LinkedHashSet<>();
        if (state.read()) {
            out.add("\\Seen");
        }
        if (state.answered()) {
            out.add("\\Answered");
        }
        if (state.flagged()) {
            out.add("\\Flagged");
        }
        if (state.draft()) {
            out.add("\\Draft");
        }
        if (state.deleted()) {
            out.add("\\Deleted");
        }
        if (state.forwarded()) {
            out.add(FORWARDED);
        }
        out.addAll(state.keywords());
        return out;
    }

    /** "(\Seen $Forwarded)" for UID STORE ... FLAGS, "()" when nothing valid is left. */
    static String storeList(Set<String> flags) {
        String list = appendList(flags);
        return list == null ? "()" : list;
    }

    /** "(\Seen $Forwarded)" for APPEND, or null when nothing valid is left; \Recent and non-atoms are dropped. */
    static String appendList(Set<String> flags) {
        StringJoiner j = new StringJoiner(" ", "(", ")");
        int n = 0;
        for (String f : flags) {
            if (f == null || f.equalsIgnoreCase("\\Recent")) {
                continue;
            }
            if (f.startsWith("\\") ? isSystemFlag(f) : isAtom(f)) {
                j.add(f);
                n++;
            }
        }
        return n == 0 ? null : j.toString();
    }

    private static boolean isSystemFlag(String f) {
        return Set.of("\\seen", "\\answered", "\\flagged", "\\draft", "\\deleted").contains(f.toLowerCase());
    }

    /** RFC 3501 atom: no atom-specials, no controls, ASCII only. */
    static boolean isAtom(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (char c : s.toCharArray()) {
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
