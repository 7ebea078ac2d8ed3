package io.mailferry.model.api;

import java.time.Instant;

/**
 * Answer of {@code GET /api/v1/health}.
 *
 * @param status "ok", or "degraded" when the service runs but cannot keep what it does ({@code store} says why)
 * @param store  "writable", or a sentence naming the data directory's problem (disk full, read-only, no permission)
 */
public record Health(String status, String version, Instant startedAt, String dataDir, int runningJobs,
        String store) {
    /** A healthy service with a writable store. */
    public Health(String status, String version, Instant startedAt, String dataDir, int runningJobs) {
        this(status, version, startedAt, dataDir, runningJobs, "writable");
    }
}
