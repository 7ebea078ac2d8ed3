package io.mailferry.service.engine.port;

/**
 * What a source folder looked like when a pass that verified it clean began copying it: the change token read before
 * its listing (or handed out by it), and the selection its items were copied under. When a later pass reads the same
 * token and the same selection, nothing arrived and nothing changed in the folder since.
 *
 * @param sourceFolder the source folder's id
 * @param token        the source's change token (opaque)
 * @param selection    the rules that decided which items were selected (target folder, date range, size and item
 *                     limits), as an opaque string compared for equality
 * @param items        selected items verification found on the target (progress of a pass that skips the folder)
 * @param bytes        their size in bytes
 */
public record FolderCheckpoint(
        String pairId,
        String sourceFolder,
        String token,
        String selection,
        long items,
        long bytes,
        long updatedAtMillis) {
}
