package io.mailferry.service.cli;

import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailferry serve}: the service in the foreground until Ctrl-C (or SIGTERM), which shuts it down cleanly. */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Start the Mailferry service in the foreground and print its URL.",
                "It listens on 127.0.0.1 only; clients need the token in DATA_DIR/api-token. "
                        + "Logs go to DATA_DIR/logs. Stop it with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "TCP port on 127.0.0.1; 0 = any free port (default: ${DEFAULT-VALUE}). "
                    + "The chosen URL is written to DATA_DIR/service.url.")
    int port;

    @Option(names = "--group-access",
            description = "Let the data directory's group find this service: the directory becomes 0750 and "
                    + "api-token and service.url 0640 (the key stays 0600; run it with umask 0077, as the "
                    + "installed unit does, to keep the database and logs the owner's). The installed service uses "
                    + "it for its admin group (mailferry).")
    boolean groupAccess;

    @Option(names = "--no-resume",
            description = "Do not start again the jobs that were running when the service last stopped or crashed "
                    + "(by default it resumes them by itself); use it when a job brings the service down each time.")
    boolean noResume;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(),
                    "--port must be from 0 (any free port) to 65535, not " + port + ".");
        }
        Path dir = dataDir.resolve();
        RunningService service = ServiceMain.start(ServiceConfig.of(dir, port).withGroupAccess(groupAccess)
                .withResume(!noResume));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "mailferry-shutdown"));
        spec.commandLine().getOut().println("Mailferry service listening on " + service.baseUrl()
                + " (data directory " + dir + "; Ctrl-C to stop)");
        spec.commandLine().getOut().flush();
        service.awaitClosed();
        return 0;
    }
}
