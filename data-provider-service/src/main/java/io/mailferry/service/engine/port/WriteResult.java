package io.mailferry.service.engine.port;

/**
 * Outcome of one write: the target's id of the stored item when known (IMAP: from APPENDUID; null when the server did
 * not say), or the target's refusal in its own words ({@code error} non-null, nothing was stored).
 */
public record WriteResult(String targetId, String error) {
    public static WriteResult stored(String targetId) {
        return new WriteResult(targetId, null);
    }

    public static WriteResult rejected(String error) {
        return new WriteResult(null, error);
    }

    public boolean ok() {
        return error == null;
    }
}
