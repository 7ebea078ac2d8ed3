package io.mailferry.admin;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.testfx.api.FxToolkit;

/**
 * The real panel on TestFX's primary stage, fed by {@code client}, with background work run directly; its Start button
 * starts the fake service.
 */
final class PanelFixture {

    /**
     * Polls a few times a second instead of every 1.5 s (figures) and 5 s (health): the in-memory service answers at
     * once, and the tests wait for what a poll brings (a grid re-sorted, a service gone or back).
     */
    static final ViewModels.Polling POLLING = new ViewModels.Polling(Duration.ofMillis(200), Duration.ofMillis(250));

    private PanelFixture() {
    }

    static ShellView open(FakeServiceClient client) throws Exception {
        FxToolkit.registerPrimaryStage();
        AtomicReference<ShellView> ref = new AtomicReference<>();
        FxToolkit.setupStage(s -> ref.set(AdminApp.show(s, new ViewModels(client, new DirectRunner(), client::start)
                .withPolling(POLLING))));
        return ref.get();
    }
}
