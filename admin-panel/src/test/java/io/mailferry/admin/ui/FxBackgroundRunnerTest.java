package io.mailferry.admin.ui;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FxBackgroundRunnerTest {

    @Test
    void aPollAfterThePanelClosedShouldBeDroppedQuietly() {
        FxBackgroundRunner runner = new FxBackgroundRunner();
        runner.close();
        AtomicBoolean called = new AtomicBoolean();
        assertThatCode(() -> runner.run(() -> {
            called.set(true);
            return 1;
        }, v -> { }, e -> { })).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(called).isFalse();
    }
}
