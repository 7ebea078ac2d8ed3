package io.mailferry.service.store;

/** One row of the {@code mailbox_pair} table without its sealed passwords and report. */
record PairRow(
        String id,
        String jobId,
        String sourceMailbox,
        String targetMailbox,
        String sourceUser,
        boolean hasSourcePassword,
        String targetUser,
        boolean hasTargetPassword,
        String state,
        String progressJson,
        String error,
        String verdict,
        Long lastRunStartedAt,
        Long lastRunEndedAt,
        String sourceRoot,
        Long resumeAt,
        String pausedBy) {
}
