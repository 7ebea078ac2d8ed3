package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory keeps other users out: the database, logs and reports are created with the umask's modes. */
class ServiceMainDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void workBeforeTheDatabaseShouldRunWithTheDirectoryLockedAndBeforeTheDatabaseFileExists() throws IOException {
        // the CLI tests both servers in that moment, so their round trips overlap the database's opening
        Path dir = tmp.resolve("cli-data");
        boolean[] ran = new boolean[1];
        try (ServiceCore core = ServiceMain.openCore(dir, false, () -> {
            ran[0] = true;
            assertThat(dir.resolve(ServiceMain.DATABASE_FILE)).doesNotExist();
            assertThat(dir).isDirectory();
        })) {
            assertThat(ran[0]).isTrue();
            assertThat(dir.resolve(ServiceMain.DATABASE_FILE)).exists();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceMain.openCore(dir, false))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void newDirectoryShouldBeOwnerOnly() throws IOException {
        Path dir = tmp.resolve("new/data");

        ServiceMain.createPrivateDirectory(dir);

        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void existingEmptyOrMailferryDirectoryShouldBeTightenedToOwnerOnly() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("made-by-mkdir"), open());
        Path ours = Files.createDirectory(tmp.resolve("ours"), open());
        Files.writeString(ours.resolve(ServiceMain.DATABASE_FILE), "");

        ServiceMain.createPrivateDirectory(empty);
        ServiceMain.createPrivateDirectory(ours);

        assertThat(mode(empty)).isEqualTo("rwx------");
        assertThat(mode(ours)).isEqualTo("rwx------");
    }

    @Test
    void existingDirectoryOfOtherFilesShouldBeLeftAsItIs() throws IOException {
        Path shared = Files.createDirectory(tmp.resolve("shared"), open());
        Files.writeString(shared.resolve("someone-elses.txt"), "");

        ServiceMain.createPrivateDirectory(shared);

        assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void groupAccessShouldLetTheGroupListTheDirectoryAndReadTheTokenOnly() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("var-lib-mailferry"), open());

        ServiceMain.createPrivateDirectory(dir, true);
        ApiToken.loadOrCreate(dir, true);

        assertThat(mode(dir)).isEqualTo("rwxr-x---");
        assertThat(mode(dir.resolve(ApiToken.FILE))).isEqualTo("rw-r-----");
    }

    @Test
    void startingWithoutGroupAccessShouldTakeItBack() throws IOException {
        Path dir = tmp.resolve("data");
        ServiceMain.createPrivateDirectory(dir, true);
        String token = ApiToken.loadOrCreate(dir, true);
        Files.writeString(dir.resolve(ServiceMain.DATABASE_FILE), "");

        ServiceMain.createPrivateDirectory(dir, false);
        assertThat(ApiToken.loadOrCreate(dir, false)).isEqualTo(token);

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve(ApiToken.FILE))).isEqualTo("rw-------");
    }

    private static java.nio.file.attribute.FileAttribute<?> open() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
