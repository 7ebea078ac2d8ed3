package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * Every command starts with logging off, unless the tests' logback-test.xml is on the class path or logback's property
 * names a file.
 */
class QuietLoggingTest {
    @Test
    void withoutATestConfigurationEverythingShouldBeOffAndNoFileRead() {
        LoggerContext context = new LoggerContext();
        QuietLogging quiet = new QuietLogging(new ClassLoader(null) { });
        quiet.setContext(context);

        ExecutionStatus status = quiet.configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("io.mailferry.service.engine").isErrorEnabled()).isFalse();
    }

    @Test
    void fromTheJarNoTestConfigurationShouldBeLookedFor() {
        LoggerContext context = new LoggerContext();
        QuietLogging quiet = new QuietLogging(null);
        quiet.setContext(context);

        assertThat(quiet.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.OFF);
    }

    @Test
    void theTestsRunFromTheBuildsDirectoryAndSoKeepTheirConfiguration() {
        LoggerContext context = new LoggerContext();
        QuietLogging quiet = new QuietLogging();
        quiet.setContext(context);

        assertThat(quiet.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }

    @Test
    void theCommandsProviderShouldHandLogbackConfiguredAsBefore() {
        QuietLogProvider provider = new QuietLogProvider();
        provider.initialize();

        assertThat(provider.getLoggerFactory()).isInstanceOfSatisfying(LoggerContext.class, context ->
                assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).as("the tests' logback-test.xml")
                        .isEqualTo(Level.WARN));
        assertThat(provider.getMDCAdapter()).isNotNull();
        assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
        assertThat(provider.getRequestedApiVersion()).startsWith("2.0");
    }

    @Test
    void theCommandsProviderShouldTurnLoggingOffWhereNoTestConfigurationIsLookedFor() {
        QuietLogProvider provider = new QuietLogProvider();
        provider.initialize(new QuietLogging(null)); // as from the jar

        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.OFF);
        assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
        assertThat(context.isStarted()).isTrue();
    }

    @Test
    void aFileNamedByLogbacksPropertyShouldBeReadEvenFromTheJar(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("named.xml");
        Files.writeString(file, "<configuration><root level=\"ERROR\"/></configuration>");
        String before = System.getProperty(QuietLogging.CONFIG_FILE);
        System.setProperty(QuietLogging.CONFIG_FILE, file.toString());
        try {
            QuietLogProvider provider = new QuietLogProvider();
            provider.initialize(new QuietLogging(null)); // as from the jar, where no logback-test.xml is looked for

            LoggerContext context = (LoggerContext) provider.getLoggerFactory();
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).as("the named file's root level")
                    .isEqualTo(Level.ERROR);
        } finally {
            if (before == null) {
                System.clearProperty(QuietLogging.CONFIG_FILE);
            } else {
                System.setProperty(QuietLogging.CONFIG_FILE, before);
            }
        }
    }

    @Test
    void aTestConfigurationShouldBeLeftToLogback() {
        LoggerContext context = new LoggerContext();
        QuietLogging quiet = new QuietLogging(QuietLoggingTest.class.getClassLoader());
        quiet.setContext(context);

        assertThat(quiet.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isNotEqualTo(Level.OFF);
    }
}
