package io.mailferry.service.app.csv;

import java.util.List;

/** Joins a row's problems into one plain sentence for {@code RowError.reason}. */
final class Sentences {
    private Sentences() {
    }

    /** "Missing target address (EmailAddress); no password for UserName \"anna\": fill in the Password column." */
    static String capitalized(List<String> problems) {
        String joined = String.join("; ", problems);
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + ".";
    }
}
