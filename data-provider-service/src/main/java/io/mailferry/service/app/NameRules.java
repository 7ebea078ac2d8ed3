package io.mailferry.service.app;

/**
 * What a name typed by an admin or read from a CSV file may hold: no control characters (line breaks, tabs, escape
 * sequences), so that no name can move a terminal's cursor, split a log line or a CSV row, or hide text in a report.
 */
final class NameRules {
    private NameRules() {
    }

    /** True when {@code text} holds a C0 or C1 control character or DEL. */
    static boolean hasControl(String text) {
        return text != null && text.chars().anyMatch(c -> c < 0x20 || c >= 0x7F && c <= 0x9F);
    }

    /** The sentence for {@code what} ("The job name", "Pair 3: the source mailbox") holding a control character. */
    static String controlProblem(String what) {
        return what + " contains a control character (a line break, tab or escape); type it without.";
    }
}
