package io.mailferry.service;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The logging back end every command names ({@code slf4j.provider}, set by the CLI): logback's own provider but for
 * its start, which configures the context with {@link QuietLogging} directly instead of searching every jar of the
 * class path for configurators (the first search of the class path opens every jar, about 30 ms on the thread that
 * searches first: the main thread, for logback's; docs/performance.md, issue 10 part 25). With the tests'
 * {@code logback-test.xml} on the class path, logback configures itself as before.
 */
public final class QuietLogProvider implements SLF4JServiceProvider {
    private LoggerContext context;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public void initialize() {
        QuietLogging quiet = new QuietLogging();
        initialize(quiet);
    }

    /** As logback's own provider does, with {@code quiet} instead of its search for configurators. */
    void initialize(QuietLogging quiet) {
        LoggerContext made = new LoggerContext();
        made.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        LogbackMDCAdapter adapter = new LogbackMDCAdapter();
        made.setMDCAdapter(adapter);
        quiet.setContext(made);
        if (quiet.configure(made) != Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY) {
            try {
                new ContextInitializer(made).autoConfig();
            } catch (JoranException e) {
                // logback's own provider goes on unconfigured and says why, below
            }
            if (!StatusUtil.contextHasStatusListener(made)) {
                StatusPrinter.printInCaseOfErrorsOrWarnings(made);
            }
        }
        made.start();
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
