package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.app.license.LicenseVerifier;
import io.mailferry.service.cli.MailferryCli;
import io.mailferry.service.store.Database;
import io.mailferry.service.store.SecretCipher;
import io.mailferry.service.store.StoreWarmUp;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate}'s warm-up thread does first-time work beside the main thread's (docs/performance.md, issue 10 part
 * 25): it must never change what the command sees, whichever thread gets somewhere first.
 */
class StartupWarmUpTest {
    @TempDir
    Path dir;

    @Test
    void theWarmUpsShouldRunBesideADatabaseOpeningAndLeaveNothingBehind() throws Exception {
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Void> warmUp = CompletableFuture.runAsync(() -> {
                StoreWarmUp.database();
                StoreWarmUp.json();
                SecretCipher.warmUp();
                LicenseVerifier.warmUp();
            });
            Path file = dir.resolve("run" + i).resolve("mailferry.db");
            try (Database db = Database.open(file)) {
                int connections = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM connection")
                        .mapTo(Integer.class).one());
                assertThat(connections).isZero();
            }
            warmUp.get(30, TimeUnit.SECONDS);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("run0", "run1", "run2");
        }
    }

    @Test
    void aMigrateProcessShouldStartWithItsWarmUpAndNameTheUnreachableSideNotFailUnexpectedly() throws Exception {
        // a fresh JVM, as an admin's command starts: SLF4J sets itself up while the warm-up thread runs (a second
        // thread asking for loggers then would be handed stand-ins, and the log set-up would fail)
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path password = Files.writeString(dir.resolve("pw"), "secret");
        for (int i = 0; i < 2; i++) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    MailferryCli.class.getName(), "migrate", "--data-dir", dir.resolve("data" + i).toString(),
                    "--source-host", "127.0.0.1", "--source-port", String.valueOf(closed), "--source-security",
                    "none", "--source-user", "a", "--source-password-file", password.toString(),
                    "--target-host", "127.0.0.1", "--target-port", String.valueOf(closed), "--target-security",
                    "none", "--target-user", "b", "--target-password-file", password.toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(out).contains("refused the connection").doesNotContain("unexpectedly");
            assertThat(p.exitValue()).as(out).isEqualTo(3);
        }
    }
}
