package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Move mode (DESIGN step 5): deletes from the source only items that verification just confirmed on the target, in
 * chunks, each chunk marked MOVED in the ledger <em>before</em> its delete. A delete that stops part way (a kill, a
 * connection lost, Graph's item-by-item deletes throttled out, an EWS chunk refused after Exchange deleted some of it)
 * thus never leaves a DONE row whose source item is gone — which deletion sync, turned on later, would take for an item
 * deleted on the source and delete the target copy, the only one left. A MOVED row whose item the next pass still
 * lists is verified and deleted again ({@link Verifier}). A job still never combines move mode with deletion sync
 * (refused by job validation and, for jobs stored before, when a pass starts).
 */
final class SourceDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(SourceDeleter.class);
    private static final int CHUNK = 500;

    private final PassContext ctx;

    SourceDeleter(PassContext ctx) {
        this.ctx = ctx;
    }

    /** Returns how many items were deleted from the source. */
    long delete(Sessions sessions, MailFolder source, List<LedgerEntry> verified) throws MailboxException {
        long deleted = 0;
        for (int i = 0; i < verified.size(); i += CHUNK) {
            List<LedgerEntry> chunk = verified.subList(i, Math.min(verified.size(), i + CHUNK));
            List<String> ids = chunk.stream().map(LedgerEntry::sourceItem).toList();
            List<LedgerEntry> moved = new ArrayList<>(chunk.size());
            for (LedgerEntry e : chunk) {
                moved.add(e.withState(LedgerState.MOVED, e.targetItem(), null, ctx.now()));
            }
            ctx.ledger().put(moved);
            ctx.retrier().call(sessions, (s, t) -> {
                s.delete(source, ids);
                return null;
            });
            deleted += chunk.size();
        }
        if (deleted > 0) {
            LOG.info("Pair {}: deleted {} verified items from source folder {}", ctx.pairId(), deleted,
                    source.displayPath());
        }
        return deleted;
    }
}
