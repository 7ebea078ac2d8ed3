package io.mailferry.service;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The logging back end every command names ({@code slf4j.provider}, set by the CLI): logback's own provider but for
 * its start, which configures the context with {@link QuietLogging} directly instead of searching every jar of the
 * class path for configurators — about 30 ms of a short command's start (docs/performance.md, issue 10 part 25). With
 * the tests' {@code logback-test.xml} on the class path, logback configures itself as before.
 */
public final class QuietLogProvider implements SLF4JServiceProvider {
    private LoggerContext context;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public void initialize() {
        LoggerContext made = new LoggerContext();
        made.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        QuietLogging quiet = new QuietLogging();
        quiet.setContext(made);
        if (quiet.configure(made) != ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY) {
            try {
                new ContextInitializer(made).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("The logging configuration on the class path is broken.", e);
            }
        }
        made.start();
        LogbackMDCAdapter adapter = new LogbackMDCAdapter();
        made.setMDCAdapter(adapter);
        markers = new BasicMarkerFactory();
        mdc = adapter;
        context = made;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
