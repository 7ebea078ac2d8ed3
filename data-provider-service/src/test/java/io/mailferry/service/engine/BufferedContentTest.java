package io.mailferry.service.engine;

import io.mailferry.service.engine.port.BufferedContent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Message bodies are confidential: a spooled one lives in a file only its owner can read, and only while in use. */
class BufferedContentTest {
    @Test
    void spooledMessageShouldBeOwnerOnlyAndDeletedOnClose() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');
        Path file;
        try (BufferedContent content = BufferedContent.read(new ByteArrayInputStream(body), 1024 * 1024)) {
            assertThat(content.spooled()).isTrue();
            file = spoolFile(content);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            try (InputStream in = content.open()) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
        }
        assertThat(file).doesNotExist();
    }

    private static Path spoolFile(BufferedContent content) throws ReflectiveOperationException, IOException {
        Field f = BufferedContent.class.getDeclaredField("file");
        f.setAccessible(true);
        return (Path) f.get(content);
    }
}
