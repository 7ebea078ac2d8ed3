package io.mailferry.admin.jobs;

import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;

/**
 * The style class and words of a state chip; shared by the job list and the mailbox grid. Besides the JobState and
 * MailboxState names it knows {@link #INTERRUPTED}: a mailbox a stop or crash of the service left stopped, and
 * {@link #PAUSED}: a mailbox a server's limit paused until a set time.
 */
public final class StateChip {

    /** The chip of a mailbox that {@link MailboxPair#interrupted()} says a stop of the service interrupted. */
    public static final String INTERRUPTED = "INTERRUPTED";
    /** The chip of a mailbox a server's limit paused until a set time (its pair carries the pause). */
    public static final String PAUSED = "PAUSED";

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
            case "COMPLETED_WITH_ISSUES", "STOPPED", "STOPPING", INTERRUPTED, PAUSED -> "chip-warn";
            case "RUNNING", "QUEUED" -> "chip-run";
            default -> "chip-neutral";
        };
    }

    public static String words(String state) {
        if (state == null) {
            return "";
        }
        if (PAUSED.equals(state)) {
            return "Paused";
        }
        return INTERRUPTED.equals(state) ? "Interrupted" : MailboxState.valueOf(state).words();
    }

    /** The chip of {@code pair}: {@link #PAUSED}, {@link #INTERRUPTED} or its state's name. */
    public static String of(MailboxPair pair) {
        if (pair.state() == null) {
            return null;
        }
        if (pair.pause() != null && pair.state() == MailboxState.STOPPED) {
            return PAUSED;
        }
        return pair.interrupted() ? INTERRUPTED : pair.state().name();
    }
}
