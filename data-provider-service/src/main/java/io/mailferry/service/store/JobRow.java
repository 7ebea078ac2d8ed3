package io.mailferry.service.store;

/** One row of the {@code job} table as stored, with its pair count. */
record JobRow(
        String id,
        String name,
        String jobKey,
        String sourceConnectionId,
        String targetConnectionId,
        String optionsJson,
        String state,
        String verdict,
        long createdAt,
        Long lastRunStartedAt,
        Long lastRunEndedAt,
        int pairCount) {
}
