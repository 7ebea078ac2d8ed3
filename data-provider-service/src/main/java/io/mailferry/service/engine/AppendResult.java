package io.mailferry.service.engine;

/**
 * Outcome of one append: the target UID when the server told it (APPENDUID), 0 when unknown, with the UIDVALIDITY the
 * UID belongs to (0 when the server did not say), or the target's refusal in its own words ({@code error} non-null,
 * nothing was stored). A known UID and UIDVALIDITY let the engine take the next batch's UIDNEXT lower bound from the
 * answer instead of asking the target again.
 */
public record AppendResult(long targetUid, long uidValidity, String error) {
    /** A result without a UIDVALIDITY (connectors whose targets do not report one). */
    public AppendResult(long targetUid, String error) {
        this(targetUid, 0, error);
    }

    public static AppendResult stored(long uid) {
        return new AppendResult(uid, 0, null);
    }

    /** Stored as {@code uid} in the UID space {@code uidValidity} (IMAP: both from {@code [APPENDUID v uid]}). */
    public static AppendResult stored(long uid, long uidValidity) {
        return new AppendResult(uid, uid > 0 ? uidValidity : 0, null);
    }

    public static AppendResult rejected(String error) {
        return new AppendResult(0, 0, error);
    }

    public boolean ok() {
        return error == null;
    }
}
