package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.api.Health;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Health over HTTP as docs/api.md describes it: {@code ok} and {@code writable} while the store can take writes,
 * {@code degraded} with the store's own sentence when it cannot — still a 200, since the service itself answers.
 */
class HealthRoutesIT {
    private static final String TOKEN = "t".repeat(40);

    @Test
    void healthShouldBeDegradedWithTheStoreSentenceWhileTheStoreCannotTakeWrites() throws Exception {
        String full = "Mailferry could not write to its data directory /data: the disk is full. Free some space and"
                + " run the pass again; what was copied is kept and is not copied twice.";
        AtomicReference<String> problem = new AtomicReference<>(full);
        Routes health = new HealthRoutes("test", Instant.now(), "/data", () -> 2, problem::get);
        try (ApiServer server = ApiServer.start(0, TOKEN, Json.mapper(), List.of(health))) {
            ApiClient api = new ApiClient(server.baseUrl(), TOKEN);

            Answer degraded = api.get("/api/v1/health", Duration.ofSeconds(10));
            assertThat(degraded.status()).isEqualTo(200);
            Health h = degraded.as(Health.class);
            assertThat(h.status()).isEqualTo("degraded");
            assertThat(h.store()).isEqualTo(full);
            assertThat(h.runningJobs()).isEqualTo(2);

            problem.set(null);
            Health ok = api.get("/api/v1/health", Duration.ofSeconds(10)).as(Health.class);
            assertThat(ok.status()).isEqualTo("ok");
            assertThat(ok.store()).isEqualTo("writable");
        }
    }
}
