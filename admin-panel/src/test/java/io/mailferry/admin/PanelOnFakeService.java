package io.mailferry.admin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** UI tests of the real panel against an in-memory service: a fresh panel per test, every window closed after it. */
abstract class PanelOnFakeService {

    protected final FakeServiceClient client = new FakeServiceClient();
    protected ShellView shell;

    @BeforeEach
    void openPanel() throws Exception {
        shell = PanelFixture.open(client);
    }

    @AfterEach
    void closePanel() throws Exception {
        Fx.closeAllWindows();
    }
}
