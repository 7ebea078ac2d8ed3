package io.mailferry.model.report;

import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import java.time.Instant;

/**
 * One ended pass of one mailbox pair, as the pass history keeps it (the pair itself keeps only its last pass).
 *
 * @param id           increasing with the order in which passes ended
 * @param kind         FULL or DELTA, as the pass was started
 * @param state        how the pass left the pair (COMPLETED, COMPLETED_WITH_ISSUES, STOPPED, FAILED)
 * @param startedAt    null when unknown
 * @param bytesCopied  bytes of the items copied by this pass
 * @param verified     true when verification found every selected source item on the target
 * @param verdict      the pass's closing sentence
 */
public record PassRecord(
        long id,
        String jobId,
        String pairId,
        String sourceMailbox,
        String targetMailbox,
        RunKind kind,
        MailboxState state,
        Instant startedAt,
        Instant endedAt,
        long itemsCopied,
        long itemsSkipped,
        long itemsFailed,
        long bytesCopied,
        boolean verified,
        String verdict) {
}
