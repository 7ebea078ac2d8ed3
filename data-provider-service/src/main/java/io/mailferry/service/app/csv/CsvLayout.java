package io.mailferry.service.app.csv;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The two CSV layouts a pairs file may use, told apart by the header row. Column names are matched
 * case-insensitively after trimming; columns may appear in any order.
 */
enum CsvLayout {
    /**
     * Microsoft's IMAP migration batch file: {@code EmailAddress,UserName,Password[,UserRoot]}. EmailAddress is the
     * target mailbox; UserName and Password log in to the source IMAP server.
     */
    MICROSOFT_IMAP("microsoft-imap", List.of("EmailAddress", "UserName", "Password"), List.of("UserRoot")),
    /**
     * Mailferry's own file:
     * {@code SourceMailbox,TargetMailbox[,SourceUser,SourcePassword,TargetUser,TargetPassword,SourceRoot]}.
     */
    PAIRS("pairs", List.of("SourceMailbox", "TargetMailbox"),
            List.of("SourceUser", "SourcePassword", "TargetUser", "TargetPassword", "SourceRoot"));

    private final String format;
    private final List<String> required;
    private final List<String> optional;

    CsvLayout(String format, List<String> required, List<String> optional) {
        this.format = format;
        this.required = required;
        this.optional = optional;
    }

    /** The value of {@code CsvImportResult.format} for this layout. */
    String format() {
        return format;
    }

    List<String> required() {
        return required;
    }

    /** Canonical spelling of {@code name} if it is a column of this layout, else null. */
    String canonical(String name) {
        String key = key(name);
        for (String column : all()) {
            if (key(column).equals(key)) {
                return column;
            }
        }
        return null;
    }

    /** The layout a header belongs to, judged by its first required column present; null when none is. */
    static CsvLayout guess(Set<String> keys) {
        for (CsvLayout layout : values()) {
            for (String column : layout.required) {
                if (keys.contains(key(column))) {
                    return layout;
                }
            }
        }
        return null;
    }

    /** How the header may look, e.g. {@code EmailAddress,UserName,Password[,UserRoot]}. */
    String synopsis() {
        return String.join(",", required) + "[," + String.join(",", optional) + "]";
    }

    static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private List<String> all() {
        return java.util.stream.Stream.concat(required.stream(), optional.stream()).toList();
    }
}
