package io.mailferry.service.connector.imap;

import jakarta.mail.Flags;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;

/** Flags between Angus ({@link Flags}) and the engine's strings ("\\Seen", keywords as themselves). */
final class ImapFlags {
    private ImapFlags() {
    }

    static Set<String> toStrings(Flags flags) {
        Set<String> out = new LinkedHashSet<>();
        if (flags == null) {
            return out;
        }
        for (Flags.Flag f : flags.getSystemFlags()) {
            if (f == Flags.Flag.SEEN) {
                out.add("\\Seen");
            } else if (f == Flags.Flag.ANSWERED) {
                out.add("\\Answered");
            } else if (f == Flags.Flag.FLAGGED) {
                out.add("\\Flagged");
            } else if (f == Flags.Flag.DRAFT) {
                out.add("\\Draft");
            } else if (f == Flags.Flag.DELETED) {
                out.add("\\Deleted");
            }
            // \Recent is session state, never copied
        }
        for (String keyword : flags.getUserFlags()) {
            out.add(keyword);
        }
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
