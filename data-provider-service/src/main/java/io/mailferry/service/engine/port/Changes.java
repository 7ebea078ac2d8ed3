package io.mailferry.service.engine.port;

import java.util.List;

/**
 * What a source folder says changed since a change token (IMAP CONDSTORE mod-sequence, Graph delta link, EWS
 * SyncState). Tokens are opaque to the engine and may expire: {@link Outcome#EXPIRED} makes the engine fall back to a
 * full listing, which the ledger keeps from copying anything twice.
 *
 * @param outcome   whether changes are known
 * @param items     for CHANGES: every item added or whose state changed since the token, as full listings (no
 *                  bodies); deletions are not reported
 * @param nextToken for CHANGES: the token the next pass starts from, or null when the folder state's token (read before
 *                  this call) is that token
 */
public record Changes(Outcome outcome, List<ItemRef> items, String nextToken) {
    public enum Outcome {
        /** {@link #items} lists what changed. */
        CHANGES,
        /** The token is no longer valid (Graph 410 SyncStateNotFound, EWS ErrorInvalidSyncStateData, new UIDVALIDITY). */
        EXPIRED,
        /** This source cannot tell (no CONDSTORE, no token kept). */
        UNKNOWN
    }

    public static final Changes UNKNOWN = new Changes(Outcome.UNKNOWN, List.of(), null);
    public static final Changes EXPIRED = new Changes(Outcome.EXPIRED, List.of(), null);

    public Changes {
        items = List.copyOf(items);
    }

    public static Changes of(List<ItemRef> items, String nextToken) {
        return new Changes(Outcome.CHANGES, items, nextToken);
    }
}
