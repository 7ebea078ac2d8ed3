package io.mailferry.service.engine;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import java.util.Objects;

/**
 * One pass over one mailbox pair, as the application layer hands it to {@link MigrationEngine#run}.
 *
 * @param pairId        the pair's id: the ledger key, stable across passes
 * @param sourceMailbox source mailbox address, for reports
 * @param targetMailbox target mailbox address, for reports
 */
public record MailboxTask(
        String pairId,
        MailboxAccess sourceAccess,
        MailboxAccess.Login sourceLogin,
        MailboxAccess targetAccess,
        MailboxAccess.Login targetLogin,
        JobOptions options,
        RunKind runKind,
        String sourceMailbox,
        String targetMailbox) {

    public MailboxTask {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(sourceAccess, "sourceAccess");
        Objects.requireNonNull(targetAccess, "targetAccess");
        options = options == null ? JobOptions.defaults() : options;
        runKind = runKind == null ? RunKind.FULL : runKind;
    }
}
