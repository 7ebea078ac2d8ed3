package io.mailferry.service.engine;

/**
 * Outcome of one append: the target UID when the server told it (APPENDUID), 0 when unknown, or the target's refusal
 * in its own words ({@code error} non-null, nothing was stored).
 */
public record AppendResult(long targetUid, String error) {
    public static AppendResult stored(long uid) {
        return new AppendResult(uid, null);
    }

    public static AppendResult rejected(String error) {
        return new AppendResult(0, error);
    }

    public boolean ok() {
        return error == null;
    }
}
