package io.mailferry.admin.wizard;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file the admin chose that holds a connection's secret — a certificate with its key (Microsoft 365), a service
 * account's JSON key (Gmail) — read for a connection wizard step: its bytes, or one plain sentence saying why it
 * cannot be read. The wizard steps read secret files only through here.
 */
public final class SecretFile {

    /** Reads a whole file; the panel passes {@code Files::readAllBytes}, tests a map of fake files. */
    @FunctionalInterface
    public interface Contents {
        byte[] read(Path file) throws IOException;
    }

    /** What reading gave: the file's name, and its bytes or (when {@code error} is set) none. */
    public record Read(String name, byte[] content, String error) {
    }

    private SecretFile() {
    }

    static Read read(Path file, Contents files) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            return new Read(name, files.read(file), null);
        } catch (NoSuchFileException e) {
            return new Read(name, null, "The file " + name + " does not exist.");
        } catch (AccessDeniedException e) {
            return new Read(name, null, "The panel may not read " + name + ".");
        } catch (IOException e) {
            return new Read(name, null, "The file " + name + " could not be read: " + e.getMessage());
        }
    }
}
