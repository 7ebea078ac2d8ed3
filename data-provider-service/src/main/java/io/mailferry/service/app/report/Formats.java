package io.mailferry.service.app.report;

import io.mailferry.model.report.DurationText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How reports write numbers for people: sizes in binary units labelled as Windows and Outlook label them
 * ("31.2 MB" = 31.2 × 1024² bytes), counts with thousands separators ("12,345"), durations in the two largest units
 * ("2 h 03 min"). English, locale-independent, so a report reads the same on every machine. Thread-safe.
 */
public final class Formats {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Formats() {
    }

    /** "0 B", "999 B", "1.0 KB", "31.2 MB"; negative sizes (unknown) as "–". */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "–";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (Math.round(value * 10) >= 10240 && unit < UNITS.length - 1) { // 1023.96 KB would print as "1024.0 KB"
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** "12,345". */
    public static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** "850 ms", "12 s", "4 min 05 s", "2 h 03 min", "3 d 04 h"; negative (unknown) as "–". */
    public static String duration(long millis) {
        return DurationText.of(millis);
    }

    /** "12.3 items/s". */
    public static String itemRate(double itemsPerSecond) {
        return String.format(Locale.ROOT, "%,.1f items/s", Math.max(0, itemsPerSecond));
    }

    /** "1.4 MB/s". */
    public static String byteRate(double bytesPerSecond) {
        return bytes(Math.round(Math.max(0, bytesPerSecond))) + "/s";
    }

    /** "2025-03-01 14:03:07" in {@code zone}; null as "–". */
    public static String dateTime(Instant instant, ZoneId zone) {
        return instant == null ? "–" : DATE_TIME.format(instant.atZone(zone));
    }

    /** {@code amount} per second over {@code millis}; 0 when no time passed. */
    public static double perSecond(long amount, long millis) {
        return millis <= 0 ? 0 : amount * 1000.0 / millis;
    }
}
