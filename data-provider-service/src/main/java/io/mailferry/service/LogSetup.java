package io.mailferry.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the service's logs to {@code DATA_DIR/logs}, one rotated JSON-lines file per component: {@code service.log}
 * (everything not below), {@code api.log}, {@code engine.log}, {@code connector.log}. Rotated daily and at 20 MB, kept
 * 30 days and at most 1 GB in all. Nothing goes to the console: the CLI's own output stays readable. Done in code
 * rather than logback.xml because the directory is only known after the command line is parsed.
 */
final class LogSetup {
    private LogSetup() {
    }

    static void toDirectory(Path logDir) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN); // the HTTP server's start-up chatter
        root.addAppender(appender(context, logDir, "service"));
        route(context, logDir, "api", "io.mailferry.service.api");
        route(context, logDir, "engine", "io.mailferry.service.engine");
        route(context, logDir, "connector", "io.mailferry.service.connector");
    }

    private static void route(LoggerContext context, Path logDir, String component, String loggerName) {
        Logger logger = context.getLogger(loggerName);
        logger.setAdditive(false);
        logger.addAppender(appender(context, logDir, component));
    }

    private static RollingFileAppender<ILoggingEvent> appender(LoggerContext context, Path logDir, String component) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(component);
        appender.setFile(logDir.resolve(component + ".log").toString());

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(logDir.resolve(component + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("20MB"));
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("1GB"));
        policy.start();

        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // one readable line per event: the formatted message, without logback's bookkeeping fields
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();

        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
