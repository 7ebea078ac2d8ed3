package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import java.util.Objects;

/**
 * One pass over one mailbox pair, as the application layer hands it to {@link MigrationEngine#run}.
 *
 * @param pairId        the pair's id: the ledger key, stable across passes
 * @param sourceMailbox source mailbox address, for reports
 * @param targetMailbox target mailbox address, for reports
 * @param sourceRoot    the source folder, "/"-separated, whose subtree is migrated as if it were the whole mailbox
 *                      (Microsoft's UserRoot); null for the whole mailbox
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
        String targetMailbox,
        String sourceRoot) {

    public MailboxTask {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(sourceAccess, "sourceAccess");
        Objects.requireNonNull(targetAccess, "targetAccess");
        options = options == null ? JobOptions.defaults() : options;
        runKind = runKind == null ? RunKind.FULL : runKind;
    }

    /** A pass over the whole source mailbox. */
    public MailboxTask(String pairId, MailboxAccess sourceAccess, MailboxAccess.Login sourceLogin,
            MailboxAccess targetAccess, MailboxAccess.Login targetLogin, JobOptions options, RunKind runKind,
            String sourceMailbox, String targetMailbox) {
        this(pairId, sourceAccess, sourceLogin, targetAccess, targetLogin, options, runKind, sourceMailbox,
                targetMailbox, null);
    }
}
