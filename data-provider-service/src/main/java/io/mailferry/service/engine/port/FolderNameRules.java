package io.mailferry.service.engine.port;

import java.util.Locale;
import java.util.Set;

/**
 * What a target accepts as a folder name, so the folder mapper can pick names it will take instead of failing the
 * folder: whether two names differing only by case are two folders, names it reserves (compared case-insensitively)
 * and characters a name may not contain.
 *
 * @param caseSensitive  true when "Work" and "work" are two folders (Dovecot); false for Exchange and Microsoft 365
 * @param reserved       names the target keeps for itself at the top level (Exchange Online IMAP: "Files")
 * @param forbiddenChars characters that may not appear in one name segment (replaced by "_" when mapping)
 */
public record FolderNameRules(boolean caseSensitive, Set<String> reserved, String forbiddenChars) {
    /** No restriction beyond case-insensitivity: the safe default. */
    public static final FolderNameRules CASE_INSENSITIVE = new FolderNameRules(false, Set.of(), "");

    public FolderNameRules {
        reserved = reserved.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors
                .toUnmodifiableSet());
        forbiddenChars = forbiddenChars == null ? "" : forbiddenChars;
    }

    public boolean isReserved(String topLevelName) {
        return reserved.contains(topLevelName.toLowerCase(Locale.ROOT));
    }

    /** {@code name} with every forbidden character replaced by "_". */
    public String clean(String name) {
        if (forbiddenChars.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            sb.append(forbiddenChars.indexOf(c) >= 0 ? '_' : c);
        }
        return sb.toString();
    }
}
