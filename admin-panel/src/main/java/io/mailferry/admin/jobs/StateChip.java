package io.mailferry.admin.jobs;

import io.mailferry.model.mailbox.MailboxState;

/** The style class and words of a state chip; shared by the job list and the mailbox grid. */
public final class StateChip {

    private StateChip() {
    }

    /** chip-ok / chip-bad / chip-warn / chip-run / chip-neutral for a state name of JobState or MailboxState. */
    public static String style(String state) {
        if (state == null) {
            return "chip-neutral";
        }
        return switch (state) {
            case "COMPLETED" -> "chip-ok";
            case "FAILED" -> "chip-bad";
            case "COMPLETED_WITH_ISSUES", "STOPPED", "STOPPING" -> "chip-warn";
            case "RUNNING", "QUEUED" -> "chip-run";
            default -> "chip-neutral";
        };
    }

    public static String words(String state) {
        if (state == null) {
            return "";
        }
        return MailboxState.valueOf(state).words();
    }
}
