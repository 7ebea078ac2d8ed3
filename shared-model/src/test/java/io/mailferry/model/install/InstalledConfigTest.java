package io.mailferry.model.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledConfigTest {

    @TempDir
    Path dir;

    /** A mailferry.conf of {@code lines}. */
    private Path config(String... lines) throws Exception {
        return Files.write(dir.resolve("mailferry.conf"), java.util.List.of(lines));
    }

    @Test
    void readShouldTakeExportsQuotesAndTheLastAssignmentAndSkipComments() throws Exception {
        Path conf = config("# MAILFERRY_DATA=/commented", "MAILFERRY_DATA=/a", "export MAILFERRY_DATA='/b'", "OTHER=x");
        assertThat(InstalledConfig.read(conf, "MAILFERRY_DATA")).contains("/b");
        assertThat(InstalledConfig.read(config("MAILFERRY_DATA=\"/srv/mail ferry\""), "MAILFERRY_DATA"))
                .contains("/srv/mail ferry");
        assertThat(InstalledConfig.read(config("MAILFERRY_DATA="), "MAILFERRY_DATA")).isEmpty();
        assertThat(InstalledConfig.read(dir.resolve("absent.conf"), "MAILFERRY_DATA")).isEmpty();
    }

    @Test
    void theDataDirectoryShouldCountOnlyWhenAbsoluteAndReadable() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        assertThat(InstalledConfig.dataDirectory(config("MAILFERRY_DATA=" + data + "/./"))).contains(data);
        assertThat(InstalledConfig.dataDirectory(config("MAILFERRY_DATA=relative/data"))).isEmpty();
        assertThat(InstalledConfig.dataDirectory(config("MAILFERRY_DATA=" + dir.resolve("missing"))))
                .isEmpty();
        assertThat(InstalledConfig.configuredDataDirectory(config("MAILFERRY_DATA=" + dir.resolve("missing"))))
                .contains(dir.resolve("missing"));
    }

    @Test
    void theConfigFileShouldBeTheSystemOnesPerPlatform() {
        assertThat(InstalledConfig.configFile(Map.of(), "Linux")).isEqualTo(Path.of("/etc/mailferry/mailferry.conf"));
        assertThat(InstalledConfig.configFile(Map.of(), "Mac OS X")).isEqualTo(Path.of("/etc/mailferry/mailferry.conf"));
        assertThat(InstalledConfig.configFile(Map.of("ProgramData", "/c/ProgramData"), "Windows Server 2022"))
                .isEqualTo(Path.of("/c/ProgramData", "Mailferry", "mailferry.conf"));
    }
}
