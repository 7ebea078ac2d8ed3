package io.mailferry.model.api;

import java.time.Instant;

/** Answer of {@code GET /api/v1/health}. */
public record Health(String status, String version, Instant startedAt, String dataDir, int runningJobs) {
}
