package io.mailferry.service.testing;

import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import java.nio.file.Path;

/**
 * Runs the real service (the production composition root {@link ServiceMain#start}, port 0, logs to
 * {@code DATA_DIR/logs}) in its own JVM until it is signalled, for {@link ServiceProcess} when the CLI's
 * {@code serve} is not on the classpath. Argument: the data directory.
 */
public final class ServiceProcessMain {
    private ServiceProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RunningService service = ServiceMain.start(ServiceConfig.of(Path.of(args[0]), 0));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "service-stop"));
        service.awaitClosed();
    }
}
