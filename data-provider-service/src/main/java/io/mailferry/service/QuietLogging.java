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
 * jar of the class path, about 20 ms of a short command's start (docs/performance.md, issue 10 part 25). The integration
 * tests, which run the packaged jar, set {@value #TEST_CONFIG} to have their {@code logback-test.xml} looked for
 * anyway (logback's own {@code logback.configurationFile} is not honoured: an admin's environment naming another
 * program's file would print log lines into a command's output).
 */
public final class QuietLogging extends ContextAwareBase implements Configurator {
    /** A system property the integration tests set: look for the class path's {@code logback-test.xml}. */
    static final String TEST_CONFIG = "mailferry.test.logbackTest";

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
        ClassLoader where = classPath != null ? classPath
                : Boolean.getBoolean(TEST_CONFIG) ? QuietLogging.class.getClassLoader() : null;
        if (where != null && where.getResource("logback-test.xml") != null) {
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
