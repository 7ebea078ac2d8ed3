package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.api.Health;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.Await;
import io.mailferry.service.testing.ApiClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Health must answer while every worker is held by slow requests (a liveness check with a generous timeout, not a
 * speed measurement): the real {@link ApiServer} on a free port with a test route that blocks until released.
 */
class HealthLivenessIT {
    private static final String TOKEN = "t".repeat(40);

    @Test
    void healthShouldAnswerWhileEveryWorkerIsBusyWithSlowRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        Routes slow = router -> router.get("/api/v1/slow", r -> {
            entered.incrementAndGet();
            release.await(60, TimeUnit.SECONDS);
            return Response.ok("done");
        });
        Routes health = new HealthRoutes("test", Instant.now(), "/data", () -> 0, () -> null);
        ExecutorService clients = Executors.newFixedThreadPool(ApiServer.WORKERS * 2);
        try (ApiServer server = ApiServer.start(0, TOKEN, Json.mapper(), List.of(health, slow))) {
            ApiClient api = new ApiClient(server.baseUrl(), TOKEN);
            List<CompletableFuture<Answer>> held = new ArrayList<>();
            // every worker blocked, and more waiting in the queue behind them
            for (int i = 0; i < ApiServer.WORKERS * 2; i++) {
                held.add(CompletableFuture.supplyAsync(() -> api.get("/api/v1/slow", Duration.ofSeconds(90)),
                        clients));
            }
            Await.until("every worker holds a slow request and the rest wait in the queue", Duration.ofSeconds(30),
                    () -> entered.get() == ApiServer.WORKERS && server.waiting() == ApiServer.WORKERS);
            assertThat(entered.get()).as("every worker holds a slow request").isEqualTo(ApiServer.WORKERS);

            Answer answer = api.get("/api/v1/health", Duration.ofSeconds(20));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.as(Health.class).status()).isEqualTo("ok");
            assertThat(held).as("the slow requests are still held").noneMatch(CompletableFuture::isDone);
            assertThat(server.waiting()).as("health went past the queue").isEqualTo(ApiServer.WORKERS);

            release.countDown();
            for (CompletableFuture<Answer> f : held) {
                assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }
}
