package io.mailferry.admin.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.FileChooser;

/**
 * File dialogs that open where an admin keeps files — the folder last used in this session, else Documents, else the
 * home folder — never in the directory the panel happened to be started from.
 */
public final class FileChoosers {
    private static volatile Path lastUsed;

    private FileChoosers() {
    }

    /** A dialog titled {@code title} offering {@code description} files ({@code patterns}, e.g. "*.csv"). */
    public static FileChooser of(String title, String description, String... patterns) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, patterns));
        c.setInitialDirectory(startFolder(lastUsed, Path.of(System.getProperty("user.home"))).toFile());
        return c;
    }

    /** Remembers the folder of a chosen file for the next dialog; returns {@code chosen} (null when cancelled). */
    public static File used(File chosen) {
        if (chosen != null && chosen.getParentFile() != null) {
            lastUsed = chosen.getParentFile().toPath();
        }
        return chosen;
    }

    static Path startFolder(Path last, Path home) {
        if (last != null && Files.isDirectory(last)) {
            return last;
        }
        Path documents = home.resolve("Documents");
        return Files.isDirectory(documents) ? documents : home;
    }
}
