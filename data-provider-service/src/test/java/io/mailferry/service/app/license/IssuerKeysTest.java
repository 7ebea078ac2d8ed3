package io.mailferry.service.app.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.testing.TestLicenses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuerKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void verifierShouldTrustThePemKeysInTheDataDirectoryAndSkipOtherFiles() throws Exception {
        TestLicenses reseller = new TestLicenses();
        reseller.trustIn(dataDir);
        Files.writeString(dataDir.resolve(IssuerKeys.DIRECTORY).resolve("broken.pem"), "not a key");
        Files.writeString(dataDir.resolve(IssuerKeys.DIRECTORY).resolve("notes.txt"), "ignored");

        LicenseKey key = IssuerKeys.verifier(dataDir)
                .verify(reseller.issue("Fabrikam", 3, Instant.parse("2027-01-31T00:00:00Z")));

        assertThat(key.licensee()).isEqualTo("Fabrikam");
        assertThat(IssuerKeys.read(dataDir.resolve(IssuerKeys.DIRECTORY))).hasSize(1);
    }

    @Test
    void verifierWithoutIssuerDirectoryShouldTrustOnlyTheVendor() {
        assertThat(IssuerKeys.read(dataDir.resolve(IssuerKeys.DIRECTORY))).isEmpty();
    }
}
