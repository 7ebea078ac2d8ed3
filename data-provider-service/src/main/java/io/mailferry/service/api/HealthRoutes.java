package io.mailferry.service.api;

import io.mailferry.model.api.Health;
import java.time.Instant;
import java.util.function.IntSupplier;

/** {@code GET /api/v1/health}: the service is up, since when, with which data directory. */
public final class HealthRoutes implements Routes {
    private final String version;
    private final Instant startedAt;
    private final String dataDir;
    private final IntSupplier runningJobs;

    public HealthRoutes(String version, Instant startedAt, String dataDir, IntSupplier runningJobs) {
        this.version = version;
        this.startedAt = startedAt;
        this.dataDir = dataDir;
        this.runningJobs = runningJobs;
    }

    @Override
    public void register(Router router) {
        router.get("/api/v1/health",
                request -> Response.ok(new Health("ok", version, startedAt, dataDir, runningJobs.getAsInt())));
    }
}
