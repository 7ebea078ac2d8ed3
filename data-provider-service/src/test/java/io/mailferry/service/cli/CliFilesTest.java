package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's file errors name the file and the cause, never only the path or a decoder's words. */
class CliFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotUtf8ShouldBeSaidSo() throws Exception {
        Path der = Files.write(dir.resolve("server.der"), new byte[] {0x30, (byte) 0x82, (byte) 0xff, (byte) 0xfe});

        assertThatThrownBy(() -> CliFiles.readText(der, "The certificate file " + der))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo("The certificate file " + der + " is not UTF-8 text.");
                });
        assertThat(CliFiles.readBytes(der, "The certificate file")).hasSize(4);
    }

    /** A password or address list saved by Notepad starts with a byte-order mark, which is no part of it. */
    @Test
    void aByteOrderMarkShouldNotBecomePartOfTheText() throws Exception {
        Path pw = Files.write(dir.resolve("source.pw"), "\uFEFFS3cret!\r\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));

        assertThat(CliFiles.readText(pw, "The password file")).isEqualTo("S3cret!\r\n");
        assertThat(ConnectionOptions.read(pw, "password file")).startsWith("S3cret!");
    }

    @Test
    void aReportThatCannotBeWrittenShouldSayWhy() {
        Path nowhere = dir.resolve("no-such-folder").resolve("r.csv");

        assertThatThrownBy(() -> CliFiles.writeText(nowhere, "x", "report", 1))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.getMessage()).isEqualTo("Cannot write the report to " + nowhere
                            + ": its folder does not exist.");
                });
        assertThatThrownBy(() -> CliFiles.writeText(dir, "x", "report", 1))
                .hasMessage("Cannot write the report to " + dir + ": it is a directory.");
    }

    @Test
    void aFolderThatMayNotBeWrittenShouldSayPermissionDenied() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "root may write anywhere");

        assertThatThrownBy(() -> CliFiles.writeText(locked.resolve("r.csv"), "x", "report", 1))
                .hasMessage("Cannot write the report to " + locked.resolve("r.csv") + ": permission denied.");
    }
}
