package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailFolder;
import java.util.List;

/**
 * One selected source folder and the target path its items go to (segments, decoded; the target connector encodes
 * them and applies its own separator).
 */
public record FolderMapping(MailFolder source, List<String> targetPath) {
    public FolderMapping {
        targetPath = List.copyOf(targetPath);
    }

    public String targetDisplayPath() {
        return String.join("/", targetPath);
    }
}
