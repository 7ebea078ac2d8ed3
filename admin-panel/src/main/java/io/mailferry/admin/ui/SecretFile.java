package io.mailferry.admin.ui;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file the admin chose that holds a secret — a certificate with its key (Microsoft 365), a service account's JSON
 * key (Gmail), a license key — read for a wizard step or the dashboard: its bytes, or one plain sentence saying why it
 * cannot be read. The panel reads such files only through here.
 */
public final class SecretFile {

    /** Reads a whole file; the panel passes {@link #CAPPED}, tests a map of fake files. */
    @FunctionalInterface
    public interface Contents {
        byte[] read(Path file) throws IOException;
    }

    /** The most a secret or key file may hold: certificates, keys and license keys are a few kilobytes. */
    static final int MAX_BYTES = 1 << 20;

    /**
     * The file's bytes, at most {@link #MAX_BYTES}: a larger file (the wrong one chosen) is refused after that many
     * bytes instead of being read whole while the panel waits.
     */
    public static final Contents CAPPED = file -> {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new TooLarge();
            }
            return bytes;
        }
    };

    private static final class TooLarge extends IOException {
    }

    /** What reading gave: the file's name, and its bytes or (when {@code error} is set) none. */
    public record Read(String name, byte[] content, String error) {
    }

    private SecretFile() {
    }

    public static Read read(Path file, Contents files) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            return new Read(name, files.read(file), null);
        } catch (NoSuchFileException e) {
            return new Read(name, null, "The file " + name + " does not exist.");
        } catch (AccessDeniedException e) {
            return new Read(name, null, "The panel may not read " + name + ".");
        } catch (TooLarge e) {
            return new Read(name, null, "The file " + name + " is larger than 1 MB: a certificate or key file is a few"
                    + " kilobytes. Choose the right file.");
        } catch (java.nio.file.FileSystemException e) {
            return new Read(name, null, "The file " + name + " could not be read" + (e.getReason() == null ? "."
                    : ": " + e.getReason() + "."));
        } catch (IOException e) {
            return new Read(name, null, "The file " + name + " could not be read.");
        }
    }
}
