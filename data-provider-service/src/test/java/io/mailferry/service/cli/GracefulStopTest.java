package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GracefulStopTest {
    final List<String> calls = new ArrayList<>();
    final StringWriter out = new StringWriter();

    GracefulStop hook(boolean idle, RuntimeException onStop) {
        return new GracefulStop(new GracefulStop.Runner() {
            @Override
            public void requestStop() {
                calls.add("stop");
                if (onStop != null) {
                    throw onStop;
                }
            }

            @Override
            public boolean awaitIdle(Duration timeout) {
                calls.add("await " + timeout.toSeconds() + " s");
                return idle;
            }
        }, new PrintWriter(out), GracefulStop.WAIT);
    }

    @Test
    void signalShouldRequestStopWaitForIdleThenSayHowToResume() {
        GracefulStop hook = hook(true, null);
        assertThat(hook.requested()).isFalse();

        hook.run();

        assertThat(calls).containsExactly("stop", "await 20 s");
        assertThat(out.toString()).isEqualTo(GracefulStop.STOPPING + System.lineSeparator() + GracefulStop.STOPPED
                + System.lineSeparator());
        assertThat(hook.requested()).isTrue();
    }

    @Test
    void runnerStillBusyAfterTheWaitShouldBeSaid() {
        hook(false, null).run();

        assertThat(out.toString()).startsWith(GracefulStop.STOPPING + System.lineSeparator()
                + "Still copying after 20 s; exiting anyway.")
                .contains("run the same command again to resume".substring(1));
    }

    @Test
    void runEndedBeforeTheSignalShouldStillPrintTheLine() {
        hook(true, new IllegalStateException("database closed")).run();

        assertThat(calls).containsExactly("stop");
        assertThat(out.toString()).isEqualTo(GracefulStop.STOPPED + System.lineSeparator());
    }
}
