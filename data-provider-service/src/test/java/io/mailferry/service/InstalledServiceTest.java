package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds the installed service and what it says when it is not running (parsing: InstalledConfigTest). */
class InstalledServiceTest {
    private static final Path HOME = Path.of("/home/anna");

    @TempDir
    Path dir;

    private Path config(String text) throws IOException {
        return Files.writeString(dir.resolve("mailferry.conf"), text);
    }

    @Test
    void clientCommandsShouldFindTheInstalledServiceWhenNothingElseIsGiven() throws IOException {
        Path data = Files.createDirectory(dir.resolve("var-lib-mailferry"));
        Path conf = config("# the unit's EnvironmentFile\nMAILFERRY_DATA=\"" + data + "\"\nMAILFERRY_PORT=0\n");

        assertThat(DataDirectory.resolveForClient(null, Map.of(), "Linux", HOME, conf)).isEqualTo(data);
        assertThat(DataDirectory.resolveForClient("/srv/mf", Map.of(), "Linux", HOME, conf))
                .isEqualTo(Path.of("/srv/mf"));
        assertThat(DataDirectory.resolveForClient(null, Map.of("MAILFERRY_DATA", "/env/mf"), "Linux", HOME, conf))
                .isEqualTo(Path.of("/env/mf"));
    }

    @Test
    void missingOrRelativeDirectoryShouldFallBackToThePerUserOne() throws IOException {
        Path perUser = Path.of("/home/anna/.local/share/mailferry");
        assertThat(DataDirectory.resolveForClient(null, Map.of(), "Linux", HOME, dir.resolve("absent.conf")))
                .isEqualTo(perUser);
        assertThat(DataDirectory.resolveForClient(null, Map.of(), "Linux", HOME,
                config("MAILFERRY_DATA=" + dir.resolve("not-created") + "\n"))).isEqualTo(perUser);
        assertThat(DataDirectory.resolveForClient(null, Map.of(), "Linux", HOME, config("MAILFERRY_DATA=relative\n")))
                .isEqualTo(perUser);
        assertThat(DataDirectory.resolveForClient(null, Map.of(), "Linux", HOME,
                config("#MAILFERRY_DATA=" + dir + "\n"))).isEqualTo(perUser);
    }

    @Test
    void directoryThisUserMayNotListShouldFallBackToThePerUserOne() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may list any directory");
        Path data = Files.createDirectory(dir.resolve("closed"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("---------"));
        assertThat(DataDirectory.resolveForClient(null, Map.of(), "Linux", HOME,
                config("MAILFERRY_DATA=" + data + "\n"))).isEqualTo(Path.of("/home/anna/.local/share/mailferry"));
    }

    @Test
    void serveAndMigrateShouldNeverPickTheInstalledDirectoryThemselves() throws IOException {
        Path data = Files.createDirectory(dir.resolve("var-lib-mailferry"));
        config("MAILFERRY_DATA=" + data + "\n");
        assertThat(DataDirectory.resolve(null, Map.of(), "Linux", HOME))
                .isEqualTo(Path.of("/home/anna/.local/share/mailferry"));
    }

    @Test
    void notRunningHintShouldNameSystemctlForTheInstalledService() throws IOException {
        Path data = Files.createDirectory(dir.resolve("var-lib-mailferry"));
        Path conf = config("MAILFERRY_DATA=" + data + "\n");

        assertThat(InstalledService.startHint(data, conf, "Linux"))
                .isEqualTo("Start the installed service with: sudo systemctl start mailferry");
        assertThat(InstalledService.startHint(dir.resolve("mine"), conf, "Linux"))
                .isEqualTo("Start it with: mailferry serve");
        assertThat(InstalledService.startHint(data, dir.resolve("absent.conf"), "Linux"))
                .isEqualTo("Start it with: mailferry serve");
    }

    @Test
    void notRunningHintShouldNameTheAdminGroupToOneWhoMayNotReadTheInstalledService() throws IOException {
        Path conf = config("MAILFERRY_DATA=" + dir.resolve("not-readable-or-absent") + "\n");

        assertThat(InstalledService.startHint(HOME.resolve(".local/share/mailferry"), conf, "Linux"))
                .isEqualTo("Start one with: mailferry serve. To use the installed service in "
                        + dir.resolve("not-readable-or-absent") + " instead, ask to be added to its admin group "
                        + "(mailferry).");
    }
}
