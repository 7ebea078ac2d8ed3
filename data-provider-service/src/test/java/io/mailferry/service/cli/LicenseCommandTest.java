package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.testing.TestLicenses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailferry license} on a data directory without a service (as {@code migrate} uses it). */
class LicenseCommandTest {
    @TempDir
    Path dir;

    private CliRun license(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "license";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dir.resolve("data").toString();
        return CliRun.of(all);
    }

    @Test
    void installShouldLicenseADataDirectoryWithoutAServiceAndRemoveShouldEndIt() throws Exception {
        TestLicenses.ofThisRun().trustIn(dir.resolve("data"));
        Path key = Files.writeString(dir.resolve("contoso.key"),
                TestLicenses.ofThisRun().issue("Contoso Ltd", 25, Instant.now().plus(Duration.ofDays(90))));

        CliRun installed = license("install", key.toString());
        assertThat(installed.exitCode()).as(installed.toString()).isZero();
        assertThat(installed.out()).contains("Licensed to Contoso Ltd: 0 of 25 seats used", "key for Contoso Ltd");

        CliRun shown = license();
        assertThat(shown.out()).contains("seats:       0 used of 25");

        CliRun removed = license("remove");
        assertThat(removed.exitCode()).isZero();
        assertThat(removed.out()).contains("Trial: 30 days left", "trial (no key)");
    }

    @Test
    void installShouldRefuseATamperedOrExpiredKeyWithAPlainSentence() throws Exception {
        TestLicenses.ofThisRun().trustIn(dir.resolve("data"));
        String good = TestLicenses.ofThisRun().issue("Contoso Ltd", 25, Instant.now().plus(Duration.ofDays(90)));
        Path tampered = Files.writeString(dir.resolve("tampered.key"), "x" + good.substring(1));
        Path expired = Files.writeString(dir.resolve("expired.key"),
                TestLicenses.ofThisRun().issue("Contoso Ltd", 25, Instant.parse("2024-01-31T00:00:00Z")));

        CliRun refused = license("install", tampered.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("The license key is not genuine: its signature does not match.")
                .doesNotContain("Exception");
        CliRun old = license("install", expired.toString());
        assertThat(old.exitCode()).isEqualTo(1);
        assertThat(old.err()).contains("This license key for Contoso Ltd expired on 2024-01-31; ask for a new key.");
        assertThat(license().out()).contains("trial (no key)");
    }

    @Test
    void installShouldSayWhenTheKeyFileCannotBeRead() {
        CliRun missing = license("install", dir.resolve("missing.key").toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("The license key file " + dir.resolve("missing.key")
                + " does not exist.");
    }

    @Test
    void installShouldRefuseAKeyOfAnIssuerNotInTheDataDirectory() throws Exception {
        Path key = Files.writeString(dir.resolve("other.key"),
                new TestLicenses().issue("Contoso Ltd", 25, Instant.now().plus(Duration.ofDays(90))));

        CliRun refused = license("install", key.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("not genuine");
    }
}
