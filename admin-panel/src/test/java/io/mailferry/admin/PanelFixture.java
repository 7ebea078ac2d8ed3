package io.mailferry.admin;

import java.util.concurrent.atomic.AtomicReference;
import org.testfx.api.FxToolkit;

/** The real panel on TestFX's primary stage, fed by {@code client}, with background work run directly. */
final class PanelFixture {

    private PanelFixture() {
    }

    static ShellView open(FakeServiceClient client) throws Exception {
        FxToolkit.registerPrimaryStage();
        AtomicReference<ShellView> ref = new AtomicReference<>();
        FxToolkit.setupStage(s -> ref.set(AdminApp.show(s, new ViewModels(client, new DirectRunner(), () -> { }))));
        return ref.get();
    }
}
