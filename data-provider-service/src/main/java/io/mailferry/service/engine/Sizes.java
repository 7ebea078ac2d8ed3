package io.mailferry.service.engine;

import java.util.Locale;

/** Byte counts and item counts as an admin reads them. */
final class Sizes {
    private Sizes() {
    }

    /** "31.2 MB", "25 MB", "812 KB", "93 bytes" (decimal units, as mail servers quote limits). */
    static String text(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String n = String.format(Locale.ROOT, "%.1f", v);
        if (n.endsWith(".0")) {
            n = n.substring(0, n.length() - 2);
        }
        return n + " " + units[u];
    }

    /** "12,345". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "12,345 source items" / "1 source item". */
    static String items(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }
}
