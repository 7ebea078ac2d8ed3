package io.mailferry.service.api;

import io.mailferry.model.api.Health;
import java.time.Instant;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/health}: the service is up, since when, with which data directory, and whether that directory
 * can take writes ("degraded" with the store's sentence when it cannot: a full disk, a read-only file system).
 */
public final class HealthRoutes implements Routes {
    /** Answered on Jetty's own thread, never queued behind other requests: keep it free of locks and the database. */
    static final String PATH = "/api/v1/health";

    private final String version;
    private final Instant startedAt;
    private final String dataDir;
    private final IntSupplier runningJobs;
    private final Supplier<String> storeProblem;

    public HealthRoutes(String version, Instant startedAt, String dataDir, IntSupplier runningJobs,
            Supplier<String> storeProblem) {
        this.version = version;
        this.startedAt = startedAt;
        this.dataDir = dataDir;
        this.runningJobs = runningJobs;
        this.storeProblem = storeProblem;
    }

    @Override
    public void register(Router router) {
        router.get(PATH, request -> {
            String problem = storeProblem.get();
            return Response.ok(new Health(problem == null ? "ok" : "degraded", version, startedAt, dataDir,
                    runningJobs.getAsInt(), problem == null ? "writable" : problem));
        });
    }
}
