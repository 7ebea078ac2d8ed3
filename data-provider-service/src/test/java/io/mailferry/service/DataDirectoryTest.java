package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    private static final Path HOME = Path.of("/home/anna");

    @Test
    void optionShouldWinOverEnvironmentAndPlatform() {
        assertThat(DataDirectory.resolve("/srv/mf", Map.of("MAILFERRY_DATA", "/env/mf"), "Linux", HOME))
                .isEqualTo(Path.of("/srv/mf"));
        assertThat(DataDirectory.resolve(null, Map.of("MAILFERRY_DATA", "/env/mf"), "Linux", HOME))
                .isEqualTo(Path.of("/env/mf"));
    }

    @Test
    void linuxShouldFollowXdgDataHome() {
        assertThat(DataDirectory.resolve(null, Map.of(), "Linux", HOME))
                .isEqualTo(Path.of("/home/anna/.local/share/mailferry"));
        assertThat(DataDirectory.resolve(null, Map.of("XDG_DATA_HOME", "/data/anna"), "Linux", HOME))
                .isEqualTo(Path.of("/data/anna/mailferry"));
        assertThat(DataDirectory.resolve(null, Map.of("XDG_DATA_HOME", "relative"), "Linux", HOME))
                .isEqualTo(Path.of("/home/anna/.local/share/mailferry"));
    }

    @Test
    void macAndWindowsShouldUseTheirApplicationDataFolders() {
        assertThat(DataDirectory.resolve(null, Map.of(), "Mac OS X", HOME))
                .isEqualTo(Path.of("/home/anna/Library/Application Support/Mailferry"));
        assertThat(DataDirectory.resolve(null, Map.of("LOCALAPPDATA", "/c/Users/anna/AppData/Local"), "Windows 11",
                HOME)).isEqualTo(Path.of("/c/Users/anna/AppData/Local/Mailferry"));
    }
}
