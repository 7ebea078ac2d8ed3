package io.mailferry.service.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What verification found for one source folder. Every selected item is counted once: on the target, skipped (too
 * large / trial limit), failed, or missing. {@code verified} holds the ledger rows of items confirmed on the target
 * that move mode may delete from the source (DONE and MATCHED only; filled only when asked).
 */
final class FolderCheck {
    final String sourceFolder;
    long selected;
    long onTarget;
    long bytesOnTarget;
    long tooLarge;
    long trialLimit;
    long failed;
    long missing;
    final List<LedgerEntry> verified = new ArrayList<>();
    /** Why the folder could not be checked at all (an ITEM failure listing it), null when it was. */
    String unreadable;
    /** Items whose target flags were brought up to date with the source's. */
    long flagsUpdated;
    /** Why the target refused the flag update, null when it did not. */
    String flagsRefused;

    FolderCheck(String sourceFolder) {
        this.sourceFolder = sourceFolder;
    }

    /** Checked, nothing failed or missing, flags in step: the folder's state may become its checkpoint. */
    boolean clean() {
        return unreadable == null && failed == 0 && missing == 0 && flagsRefused == null;
    }

    long skipped() {
        return tooLarge + trialLimit;
    }
}
