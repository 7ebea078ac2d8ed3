package io.mailferry.service.engine;

/**
 * What a source folder looked like when a pass that verified it clean began copying it: its UIDVALIDITY, UIDNEXT and
 * HIGHESTMODSEQ as read before its listing, and the selection they were copied under. When a later pass reads the
 * same three values and the same selection, nothing arrived and no flag changed in the folder since: its copy step
 * has nothing to do.
 *
 * @param selection the rules that decided which items were selected (target folder, date range, size and item limits),
 *                  as an opaque string compared for equality
 * @param items     selected items verification found on the target (progress of a pass that skips the folder)
 * @param bytes     their size in bytes
 */
public record FolderCheckpoint(
        String pairId,
        String sourceFolder,
        long uidValidity,
        long uidNext,
        long highestModSeq,
        String selection,
        long items,
        long bytes,
        long updatedAtMillis) {

    /**
     * True when {@code now} (as read from the source) has this checkpoint's UIDVALIDITY and UIDNEXT — the same UID
     * space and no message appended since — and {@code selectionNow} is this checkpoint's selection. Flags may have
     * changed ({@code highestModSeq} tells).
     */
    public boolean sameMessages(FolderState now, String selectionNow) {
        return now.uidValidity() == uidValidity && now.uidNext() == uidNext && selection.equals(selectionNow);
    }
}
