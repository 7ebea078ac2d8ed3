package io.mailferry.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File dialogs open in the last folder used, else Documents, else home — never the working directory. */
class FileChoosersTest {
    @TempDir
    Path home;

    @Test
    void documentsShouldBeTheStartWhenItExistsAndHomeOtherwise() throws IOException {
        assertThat(FileChoosers.startFolder(null, home)).isEqualTo(home);
        Path documents = Files.createDirectory(home.resolve("Documents"));
        assertThat(FileChoosers.startFolder(null, home)).isEqualTo(documents);
    }

    @Test
    void theFolderOfTheLastChosenFileShouldBeTheNextStartWhileItExists() throws IOException {
        Path reports = Files.createDirectories(home.resolve("reports"));
        FileChoosers.used(reports.resolve("wave-1.csv").toFile());
        assertThat(FileChoosers.startFolder(reports, home)).isEqualTo(reports);
        assertThat(FileChoosers.startFolder(home.resolve("gone"), home)).isEqualTo(home);
        assertThat(FileChoosers.used((File) null)).isNull();
    }
}
