package io.mailferry.service.cli;

import io.mailferry.service.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, shared by every command (picocli mixin). */
final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the service (database, key, api-token, service.url, logs). "
                    + "Default: $" + DataDirectory.ENV + ", else the platform's per-user data folder "
                    + "(Linux: $XDG_DATA_HOME/mailferry or ~/.local/share/mailferry).")
    String dataDir;

    Path resolve() {
        return DataDirectory.resolve(dataDir);
    }
}
