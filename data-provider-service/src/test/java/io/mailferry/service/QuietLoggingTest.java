package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * Every command starts with logging off, unless the tests' logback-test.xml is on the class path and looked for.
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
    void theIntegrationTestsPropertyShouldHaveTheTestConfigurationReadEvenFromTheJar() {
        String before = System.getProperty(QuietLogging.TEST_CONFIG);
        System.setProperty(QuietLogging.TEST_CONFIG, "true");
        try {
            QuietLogProvider provider = new QuietLogProvider();
            provider.initialize(new QuietLogging(null)); // as from the jar, where no logback-test.xml is looked for

            LoggerContext context = (LoggerContext) provider.getLoggerFactory();
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).as("the tests' logback-test.xml")
                    .isEqualTo(Level.WARN);
        } finally {
            restore(QuietLogging.TEST_CONFIG, before);
        }
    }

    @Test
    void logbacksOwnFilePropertyShouldNotTurnLoggingOn() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/nonexistent/another-programs-logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            QuietLogging quiet = new QuietLogging(null);
            quiet.setContext(context);

            assertThat(quiet.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.OFF);
        } finally {
            restore("logback.configurationFile", before);
        }
    }

    private static void restore(String property, String before) {
        if (before == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, before);
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
