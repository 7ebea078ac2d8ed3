package io.mailferry.admin.google;

import java.net.URI;
import java.util.function.Consumer;

/**
 * Opens a page in the system's browser when the desktop offers one (on a thread of its own: it may take a moment);
 * does nothing otherwise, as on a server without a desktop: the wizard shows the link to copy.
 */
public final class SystemBrowser implements Consumer<URI> {
    @Override
    public void accept(URI page) {
        Thread t = new Thread(() -> {
            try {
                if (java.awt.Desktop.isDesktopSupported()
                        && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                    java.awt.Desktop.getDesktop().browse(page);
                }
            } catch (Exception | LinkageError e) {
                // no browser: the link is shown to copy
            }
        }, "open-browser");
        t.setDaemon(true);
        t.start();
    }
}
