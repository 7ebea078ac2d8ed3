package io.mailferry.admin.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Finds the local service through the two files it writes at start: {@code service.url} and {@code api-token}.
 * Read on every attempt, because the service picks a new port and token each time it starts.
 */
public class ServiceLocator {

    private final Path dataDir;

    public ServiceLocator(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The endpoint announced by the service, or a {@link ServiceException#NOT_RUNNING} saying what is missing. */
    public ServiceEndpoint locate() {
        Path urlFile = dataDir.resolve("service.url");
        Path tokenFile = dataDir.resolve("api-token");
        try {
            String url = Files.readString(urlFile, StandardCharsets.UTF_8).trim();
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            if (url.isEmpty() || token.isEmpty()) {
                throw notRunning("The Mailferry service is not running: " + urlFile + " is empty.", null);
            }
            return new ServiceEndpoint(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url), token);
        } catch (NoSuchFileException e) {
            throw notRunning("The Mailferry service is not running (no " + e.getFile() + ").", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw notRunning("The Mailferry service files in " + dataDir + " cannot be read by this user (permission"
                    + " denied on " + e.getFile() + "); for an installed service, add the user to the mailferry"
                    + " group.", e);
        } catch (IOException e) {
            throw notRunning("The Mailferry service files in " + dataDir + " cannot be read; the panel's log has the"
                    + " details.", e);
        } catch (IllegalArgumentException e) {
            throw notRunning("The Mailferry service address in " + urlFile + " is not a URL.", e);
        }
    }

    private static ServiceException notRunning(String message, Throwable cause) {
        return new ServiceException(0, ServiceException.NOT_RUNNING, message, cause);
    }
}
