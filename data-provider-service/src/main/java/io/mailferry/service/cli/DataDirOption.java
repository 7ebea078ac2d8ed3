package io.mailferry.service.cli;

import io.mailferry.service.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, shared by every command (picocli mixin). */
final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the service (database, key, api-token, service.url, logs). "
                    + "Default: $" + DataDirectory.ENV + ", else the platform's per-user data folder "
                    + "(Linux: $XDG_DATA_HOME/mailferry or ~/.local/share/mailferry); commands that talk to a "
                    + "service first try the installed service's (MAILFERRY_DATA in /etc/mailferry/mailferry.conf) "
                    + "when you may read it.")
    String dataDir;

    /** For commands that own the data directory ({@code serve}, {@code migrate}). */
    Path resolve() {
        return DataDirectory.resolve(dataDir);
    }

    /** For commands that talk to a running service: an installed one readable by this user comes first. */
    Path resolveForClient() {
        return DataDirectory.resolveForClient(dataDir);
    }
}
