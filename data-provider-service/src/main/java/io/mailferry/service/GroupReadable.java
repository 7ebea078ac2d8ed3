package io.mailferry.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Widens a file the service wrote owner-only (0600) to 0640 for the data directory's group: the installed service's
 * {@code api-token} and {@code service.url}, which the admins in its group need to reach it. No-op without POSIX
 * permissions (Windows: the ACL of {@code %ProgramData%\Mailferry} decides).
 */
final class GroupReadable {
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r-----");

    private GroupReadable() {
    }

    static void allow(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    && !MODE.equals(Files.getPosixFilePermissions(file))) {
                Files.setPosixFilePermissions(file, MODE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make " + file + " readable by its group: " + e.getMessage(), e);
        }
    }
}
