package io.mailferry.model.report;

import java.util.Locale;

/**
 * A duration as reports, the command line and the panel write it: "850 ms", "12 s", "4 min 05 s", "2 h 03 min",
 * "3 d 04 h"; negative (unknown) as "–". One place, so that the same throttled time reads the same everywhere.
 */
public final class DurationText {
    private DurationText() {
    }

    public static String of(long millis) {
        if (millis < 0) {
            return "–";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return String.format(Locale.ROOT, "%d min %02d s", minutes, seconds % 60);
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return String.format(Locale.ROOT, "%d h %02d min", hours, minutes % 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", hours / 24, hours % 24);
    }

    /** Time lost to throttling over several mailboxes: "4 min 10 s across 3 mailboxes", "12 s in 1 mailbox". */
    public static String across(long millis, long mailboxes) {
        return of(millis) + (mailboxes == 1 ? " in 1 mailbox" : " across " + String.format(Locale.ROOT, "%,d",
                mailboxes) + " mailboxes");
    }
}
