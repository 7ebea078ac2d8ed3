package io.mailferry.service.engine.port;

/**
 * What a source folder looked like when a pass that verified it clean began copying it: the change token read before
 * its listing (or handed out by it), and the selection its items were copied under. When a later pass reads the same
 * token and the same selection, nothing arrived and nothing changed in the folder since.
 *
 * @param pairId          the pair's id
 * @param sourceFolder    the source folder's id
 * @param token           the source's change token (opaque)
 * @param selection       the rules that decided which items were selected (target folder, date range, size and item
 *                        limits), as an opaque string compared for equality
 * @param items           selected items verification found on the target (progress of a pass that skips the folder)
 * @param bytes           their size in bytes
 * @param updatedAtMillis when the checkpoint was written
 * @param targetToken     the target folder's state (its change token with the guards the engine adds), read before
 *                        verification listed it, kept only when that verification found every selected item there,
 *                        skipped none and wrote nothing to the target; null otherwise (and for targets without change
 *                        tokens). When a later pass finds the source token and this one unchanged, the folder is
 *                        proven unchanged on both sides without listing it (ADR 0027). Opaque
 */
public record FolderCheckpoint(
        String pairId,
        String sourceFolder,
        String token,
        String selection,
        long items,
        long bytes,
        long updatedAtMillis,
        String targetToken) {

    /** A checkpoint without target state: the next pass verifies the folder by listing it. */
    public FolderCheckpoint(String pairId, String sourceFolder, String token, String selection, long items, long bytes,
            long updatedAtMillis) {
        this(pairId, sourceFolder, token, selection, items, bytes, updatedAtMillis, null);
    }
}
