package io.mailferry.admin.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @Test
    void explicitThenEnvironmentThenPlatformDefault() {
        assertThat(DataDir.resolve("/x", Map.of("MAILFERRY_DATA", "/y"), "Linux", "/home/a")).isEqualTo(Path.of("/x"));
        assertThat(DataDir.resolve(null, Map.of("MAILFERRY_DATA", "/y"), "Linux", "/home/a")).isEqualTo(Path.of("/y"));
        assertThat(DataDir.resolve(null, Map.of(), "Linux", "/home/a"))
                .isEqualTo(Path.of("/home/a/.local/share/mailferry"));
        assertThat(DataDir.resolve(null, Map.of("XDG_DATA_HOME", "/xdg"), "Linux", "/home/a"))
                .isEqualTo(Path.of("/xdg/mailferry"));
        assertThat(DataDir.resolve(null, Map.of(), "Mac OS X", "/Users/a"))
                .isEqualTo(Path.of("/Users/a/Library/Application Support/Mailferry"));
        assertThat(DataDir.resolve(null, Map.of("LOCALAPPDATA", "C:/Users/a/AppData/Local"), "Windows 11", "C:/Users/a"))
                .isEqualTo(Path.of("C:/Users/a/AppData/Local", "Mailferry"));
    }

    @Test
    void installedServiceShouldComeAfterTheEnvironmentAndBeforeThePerUserDirectory(@TempDir Path tmp)
            throws IOException {
        Path data = Files.createDirectory(tmp.resolve("var-lib-mailferry"));
        Path conf = Files.writeString(tmp.resolve("mailferry.conf"), "# unit EnvironmentFile\nMAILFERRY_DATA=" + data + "\n");

        assertThat(DataDir.resolve(null, Map.of(), "Linux", "/home/a", conf)).isEqualTo(data);
        assertThat(DataDir.resolve(null, Map.of("MAILFERRY_DATA", "/y"), "Linux", "/home/a", conf))
                .isEqualTo(Path.of("/y"));
        Path gone = Files.writeString(tmp.resolve("gone.conf"), "MAILFERRY_DATA=" + tmp.resolve("absent") + "\n");
        assertThat(DataDir.resolve(null, Map.of(), "Linux", "/home/a", gone))
                .isEqualTo(Path.of("/home/a/.local/share/mailferry"));
    }
}
