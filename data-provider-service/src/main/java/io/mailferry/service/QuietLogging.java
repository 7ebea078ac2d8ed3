package io.mailferry.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.security.CodeSource;
import org.slf4j.Logger;

/**
 * Logging as every command starts: quiet until told otherwise. The CLI's client commands log nothing; the service and
 * the commands that open a data directory themselves ({@code migrate}, {@code demo}) call {@link LogSetup}, which
 * sends the service's logs to rotated files in DATA_DIR/logs. Set in
 * code ({@link QuietLogProvider}, or logback's service loader) rather than by a logback.xml, whose parsing cost every
 * short command a tenth of its start-up. A {@code logback-test.xml} on the class path (the tests') is left to logback;
 * it is looked for only when these classes run from a build's directory, never from the jar: the search opened every
 * jar of the class path, about 20 ms of a short command's start (docs/performance.md, issue 10 part 25). A file named
 * by logback's own {@value #CONFIG_FILE} system property is left to logback too, wherever the classes run from: the
 * integration tests name their {@code logback-test.xml} so (they run the packaged jar).
 */
public final class QuietLogging extends ContextAwareBase implements Configurator {
    /** Logback's system property naming a configuration file. */
    static final String CONFIG_FILE = "logback.configurationFile";

    private final ClassLoader classPath;

    /** Found by logback's service loader. */
    public QuietLogging() {
        this(fromBuildDirectory() ? QuietLogging.class.getClassLoader() : null);
    }

    /** @param classPath where to look for a {@code logback-test.xml}; null: nowhere */
    QuietLogging(ClassLoader classPath) {
        this.classPath = classPath;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIG_FILE) != null
                || classPath != null && classPath.getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean fromBuildDirectory() {
        CodeSource source = QuietLogging.class.getProtectionDomain().getCodeSource();
        return source == null || !source.getLocation().getPath().endsWith(".jar");
    }
}
