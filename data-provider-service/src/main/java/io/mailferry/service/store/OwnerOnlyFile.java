package io.mailferry.service.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files in the data directory that only the service's user may read (mode 0600 on POSIX systems): the API token and
 * the secret key. Written atomically (temp file + rename) so a reader never sees half a token.
 * On Windows the file inherits the ACL of the per-user data directory ({@code %LOCALAPPDATA%}), which is already
 * private to the user.
 */
public final class OwnerOnlyFile {
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFile() {
    }

    /** Replaces {@code file} with {@code content}, readable and writable by the owner only. */
    public static void write(Path file, byte[] content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = posix(dir)
                    ? Files.createTempFile(dir, ".tmp-", ".part", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                    : Files.createTempFile(dir, ".tmp-", ".part", new FileAttribute<?>[0]);
            try {
                Files.write(tmp, content);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} is readable by its owner only (always true where POSIX permissions do not exist). */
    public static boolean isOwnerOnly(Path file) {
        try {
            if (!posix(file)) {
                return true;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return OWNER_READ_WRITE.containsAll(perms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tightens an existing file to 0600 (a key file copied by hand may have looser rights). */
    public static void restrict(Path file) {
        try {
            if (posix(file)) {
                Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restrict " + file + " to its owner: " + e.getMessage(), e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
