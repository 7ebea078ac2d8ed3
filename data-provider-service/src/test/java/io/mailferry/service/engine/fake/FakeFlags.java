package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.ItemState;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The fake server keeps IMAP flags ("\\Seen", "$Forwarded", keywords as themselves); these are the connector's rules
 * for turning them into the engine's {@link ItemState} and back, written again here so that engine tests never import
 * the IMAP connector.
 */
final class FakeFlags {
    static final String FORWARDED = "$Forwarded";

    private FakeFlags() {
    }

    /** The system flags, $Forwarded as "forwarded", other keywords as they are; \Recent is session state, dropped. */
    static ItemState toState(Set<String> flags) {
        Set<String> keywords = new LinkedHashSet<>();
        boolean forwarded = false;
        for (String s : flags) {
            if (s.equalsIgnoreCase(FORWARDED)) {
                forwarded = true;
            } else if (!s.startsWith("\\")) {
                keywords.add(s);
            }
        }
        return new ItemState(has(flags, "\\Seen"), has(flags, "\\Flagged"), has(flags, "\\Answered"), forwarded,
                has(flags, "\\Draft"), has(flags, "\\Deleted"), keywords);
    }

    /** The IMAP flags of a state, as a server stores them: keywords that are no IMAP atom are dropped. */
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
        state.keywords().stream().filter(FakeFlags::isAtom).forEach(out::add);
        return out;
    }

    private static boolean has(Set<String> flags, String flag) {
        return flags.stream().anyMatch(flag::equalsIgnoreCase);
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
