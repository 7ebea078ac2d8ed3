package io.mailferry.service.connector.imap;

/**
 * The IMAP spelling of the engine's opaque identities: an item is "UIDVALIDITY:UID", a folder's epoch its
 * UIDVALIDITY, a write mark "UIDVALIDITY:UIDNEXT" and a change token "UIDVALIDITY:UIDNEXT:HIGHESTMODSEQ" (the store's
 * schema migration V005 converts rows of earlier releases to exactly these).
 */
final class ImapIds {
    private ImapIds() {
    }

    /** "V:U", or null when the UID is unknown (a server without UIDPLUS). */
    static String item(long uidValidity, long uid) {
        return uid > 0 && uidValidity > 0 ? uidValidity + ":" + uid : null;
    }

    /** "V:N" or "V:N:M": the numbers, or null when {@code id} is not of this form. */
    static long[] numbers(String id) {
        if (id == null) {
            return null;
        }
        String[] parts = id.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            return null;
        }
        long[] n = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                n[i] = Long.parseLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return n;
    }

    /** The UID of an item id under {@code uidValidity}, or 0 when it belongs to another UID space (or is no id). */
    static long uid(String id, long uidValidity) {
        long[] n = numbers(id);
        return n != null && n.length == 2 && n[0] == uidValidity ? n[1] : 0;
    }
}
