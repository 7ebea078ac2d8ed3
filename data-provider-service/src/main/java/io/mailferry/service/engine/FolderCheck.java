package io.mailferry.service.engine;

import io.mailferry.service.engine.port.FolderCheckpoint;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.LedgerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What verification found for one source folder. Every selected item is counted once: on the target, skipped (too
 * large / trial limit / a different message with its Message-ID on the target), failed, or missing. {@code verified}
 * holds the ledger rows of items proven the same message on the target, which move mode may delete from the source
 * (DONE and MATCHED only; filled only when asked); {@code vanished} the rows of items proven deleted on the target.
 */
final class FolderCheck {
    final String sourceFolder;
    long selected;
    long onTarget;
    long bytesOnTarget;
    long tooLarge;
    long trialLimit;
    /** Items of a kind the target does not hold (an event for an IMAP target). */
    long otherKind;
    long failed;
    /** The sizes of the items counted skipped (differs included) and failed: the report's sizes beside the counts. */
    long bytesSkipped;
    long bytesFailed;
    long missing;
    /**
     * Of the missing, those the ledger has a row of that says they are not on the target (skipped, say, by a size
     * limit that has grown since): not mail that arrived after the copy step listed the folder.
     */
    long missingKnown;
    /**
     * The ids of the items reported missing that the ledger has no row of: mail that arrived after the copy step read
     * the folder — which the changes since the folder's checkpoint bring next time — or an item something passed over.
     */
    java.util.Set<String> missingUnknown = new java.util.HashSet<>();
    /** At most this many ids are kept in {@link #missingUnknown}; past it, it is null (too many to ask about). */
    static final int MISSING_UNKNOWN_KEPT = 10_000;

    /** Notes an item missing without a ledger row. */
    void missingUnknown(String id) {
        if (missingUnknown != null && missingUnknown.add(id) && missingUnknown.size() > MISSING_UNKNOWN_KEPT) {
            missingUnknown = null;
        }
    }
    /** Matched (duplicate policy SKIP) to a target item with the same Message-ID but another size or headers. */
    long differs;
    /** Move mode: on the target by the ledger's account but not proven the same message, so kept on the source. */
    long kept;
    /** Move mode: items deleted from the source this pass, their copies verified. */
    long movedOffSource;
    final List<LedgerEntry> verified = new ArrayList<>();
    /**
     * Rows (DONE, MATCHED) whose target UID a full listing of the target folder, under the row's UIDVALIDITY and below
     * its UIDNEXT, does not hold: the item was deleted on the target; dropping the row makes the next pass copy it.
     */
    final List<LedgerEntry> vanished = new ArrayList<>();
    /**
     * Deletion sync: rows (DONE, this source epoch) whose source item a full listing of the source folder no longer
     * holds: the item was deleted on the source since it was copied.
     */
    final List<LedgerEntry> goneFromSource = new ArrayList<>();
    /** The source folder's epoch {@link #goneFromSource} was found under: deletions wait while it still holds. */
    String goneUnderEpoch;
    /**
     * Without deletion sync, of a source folder that shares its target folder with others: the same rows, whose
     * copies stay — unless a move between those folders made them redundant ({@link MovedCopies}).
     */
    final List<LedgerEntry> goneUnsynced = new ArrayList<>();
    /** Deletion sync: items deleted on the target because they were deleted on the source. */
    long deletedOnTarget;
    /** Deletion sync: items deleted on the source that stay on the target (not proven ours and unchanged). */
    long keptOnTarget;
    /** Why the folder could not be checked at all (an ITEM failure listing it), null when it was. */
    String unreadable;
    /** Items whose target flags were brought up to date with the source's. */
    long flagsUpdated;
    /** Why the target refused the flag update, null when it did not. */
    String flagsRefused;

    /**
     * The target folder's state read before verification listed it, when this check alone decides about that folder
     * (not merged with another source folder, not move mode); null otherwise.
     */
    FolderState targetBefore;
    /** Proven unchanged on both sides since the checkpoint's pass: counted from the checkpoint, not listed. */
    boolean fromCheckpoint;

    FolderCheck(String sourceFolder) {
        this.sourceFolder = sourceFolder;
    }

    /**
     * A folder proven unchanged on both sides since the pass that wrote {@code cp}: that pass found every one of its
     * selected items on the target and nothing else to report ({@link #exact}), and neither side changed since.
     */
    static FolderCheck fromCheckpoint(String sourceFolder, FolderCheckpoint cp) {
        FolderCheck check = new FolderCheck(sourceFolder);
        check.fromCheckpoint = true;
        check.selected = cp.items();
        check.onTarget = cp.items();
        check.bytesOnTarget = cp.bytes();
        return check;
    }

    /**
     * Clean, and nothing besides "every selected item is on the target" to say: nothing skipped or kept, no flag
     * updated, nothing deleted or found deleted on either side. Only then may the target's state join the checkpoint,
     * so a later pass proving the folder unchanged reports exactly what this verification did.
     */
    boolean exact() {
        return clean() && skipped() == 0 && kept == 0 && flagsUpdated == 0 && deletedOnTarget == 0
                && keptOnTarget == 0 && goneFromSource.isEmpty() && vanished.isEmpty() && onTarget == selected;
    }

    /** Checked, nothing failed or missing, flags in step: the folder's state may become its checkpoint. */
    boolean clean() {
        return unreadable == null && failed == 0 && missing == 0 && flagsRefused == null;
    }

    /** Counts one selected item of {@code bytes} that is not copied for {@code cause}. */
    void skipped(ItemFilter.Decision.Cause cause, long bytes) {
        bytesSkipped += Math.max(0, bytes);
        switch (cause) {
            case TOO_LARGE -> tooLarge++;
            case KIND -> otherKind++;
            case TRIAL_LIMIT -> trialLimit++;
        }
    }

    long skipped() {
        return tooLarge + trialLimit + otherKind + differs;
    }
}
