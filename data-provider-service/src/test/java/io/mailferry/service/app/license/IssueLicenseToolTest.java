package io.mailferry.service.app.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code installer/tools/issue-license} (bash + OpenSSL) issues keys this verifier reads; skipped without OpenSSL. */
class IssueLicenseToolTest {
    private static final Path TOOL = Path.of("..", "installer", "tools", "issue-license").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static String run(List<String> args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean openssl() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void keyOfAThrowawayIssuerShouldVerifyWithTheIssuerKeyItPlacedInTheDataDirectory() throws Exception {
        assumeTrue(Files.isExecutable(TOOL) && openssl(), "bash and OpenSSL 3 are needed");
        Path data = dir.resolve("data");

        String key = run(List.of(TOOL.toString(), "--licensee", "Bench \"run\"", "--seats", "7", "--days", "30",
                "--trust-in", data.toString())).strip();

        LicenseKey read = IssuerKeys.verifier(data).verify(key);
        assertThat(read.licensee()).isEqualTo("Bench \"run\"");
        assertThat(read.seats()).isEqualTo(7);
    }

    @Test
    void keyOfAServiceProvidersIssuerShouldVerifyOnlyWhereItsPublicKeyIsPlaced() throws Exception {
        assumeTrue(Files.isExecutable(TOOL) && openssl(), "bash and OpenSSL 3 are needed");
        run(List.of(TOOL.toString(), "--new-issuer", dir.resolve("fabrikam").toString()));
        Path keyFile = dir.resolve("contoso.key");
        run(List.of(TOOL.toString(), "--licensee", "Contoso Ltd", "--seats", "250", "--expires", "2030-01-31",
                "--signing-key", dir.resolve("fabrikam/issuer-key.pem").toString(), "--out", keyFile.toString()));
        String key = Files.readString(keyFile);
        Path issuers = Files.createDirectories(dir.resolve("data").resolve(IssuerKeys.DIRECTORY));

        assertThatThrownBy(() -> IssuerKeys.verifier(dir.resolve("data")).verify(key))
                .hasMessageContaining("not genuine");
        Files.copy(dir.resolve("fabrikam/issuer.pem"), issuers.resolve("fabrikam.pem"));
        assertThat(IssuerKeys.verifier(dir.resolve("data")).verify(key))
                .isEqualTo(new LicenseKey("Contoso Ltd", 250, Instant.parse("2030-01-31T00:00:00Z")));
    }
}
