package io.mailferry.admin.ui;

import io.mailferry.model.report.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the panel writes numbers, sizes, rates and durations: short, with units, the same everywhere. */
public final class Formats {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** 12,345 */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 0 B, 999 B, 1.5 KB, 12.3 MB, 1.2 GB (1024 based). */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, UNITS[unit]);
    }

    /** Time lost to throttling, "4 min 10 s" (as the service's reports write it); "—" when none. */
    public static String throttled(long millis) {
        return millis <= 0 ? "—" : DurationText.of(millis);
    }

    /** "1.5 MB/s"; "—" when nothing moves. */
    public static String rate(double bytesPerSecond) {
        return bytesPerSecond <= 0 ? "—" : bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /** "3 min 05 s"; "—" when unknown (negative). */
    public static String eta(long seconds) {
        if (seconds < 0) {
            return "—";
        }
        Duration d = Duration.ofSeconds(seconds);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
        }
        return String.format(Locale.ROOT, "%d d %02d h", d.toDays(), d.toHoursPart());
    }

    /** "1,234 / 5,000" */
    public static String ofTotal(long done, long total) {
        return count(done) + " / " + count(total);
    }

    /** "42 %" */
    public static String percent(double fraction) {
        return Math.round(Math.max(0, Math.min(1, fraction)) * 100) + " %";
    }

    /** Local date and minute, "" for null. */
    public static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** "Paused by Google's daily limit — resumes at 14:05", read in {@code clock}'s time zone at its instant. */
    public static String paused(io.mailferry.model.mailbox.MailboxPause pause, java.time.Clock clock) {
        return pause.words(clock.getZone(), clock.instant());
    }

    /** The product names of connection kinds: "IMAP", "Microsoft 365", "Exchange". */
    public static String kind(io.mailferry.model.connection.ConnectionKind kind) {
        if (kind == null) {
            return "";
        }
        return switch (kind) {
            case IMAP -> "IMAP";
            case MICROSOFT_365 -> "Microsoft 365";
            case EXCHANGE -> "Exchange";
            case GMAIL -> "Gmail";
        };
    }

    /** "ANY_THING" → "Any thing", for enum constants shown to the admin. */
    public static String label(Enum<?> e) {
        if (e == null) {
            return "";
        }
        String s = e.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
