package io.mailferry.admin;

import io.mailferry.admin.client.DataDir;
import io.mailferry.admin.client.HttpServiceClient;
import io.mailferry.admin.client.ServiceLocator;
import io.mailferry.admin.client.ServiceStarter;
import io.mailferry.admin.ui.FxBackgroundRunner;
import io.mailferry.admin.ui.Theme;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: resolves the data directory, wires client, runner and view models by hand, shows the window. */
public final class AdminApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApp.class);

    private FxBackgroundRunner runner;

    @Override
    public void start(Stage stage) {
        PanelOptions options = PanelOptions.parse(getParameters().getRaw());
        Path dataDir = DataDir.resolve(options.dataDir());
        LOG.info("Mailferry panel, data directory {}", dataDir);
        runner = new FxBackgroundRunner();
        ServiceStarter starter = new ServiceStarter(dataDir, ServiceStarter.parseCommand(options.serviceCommand()));
        ViewModels models = new ViewModels(new HttpServiceClient(new ServiceLocator(dataDir)), runner, starter::start);
        show(stage, models);
    }

    /** Builds the main window on {@code stage}; also used by the UI tests and the screenshot tour. */
    public static ShellView show(Stage stage, ViewModels models) {
        ShellView shell = new ShellView(models);
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(shell, initialSize(WIDTH, MIN_WIDTH, screen.getWidth()),
                initialSize(HEIGHT, MIN_HEIGHT, screen.getHeight()));
        Theme.apply(scene);
        shell.installShortcuts(scene);
        stage.setScene(scene);
        stage.setTitle("Mailferry — Administration Panel");
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.show();
        // Some window managers place a new window smaller than asked; the minimum holds whatever they do.
        if (stage.getWidth() < MIN_WIDTH) {
            stage.setWidth(MIN_WIDTH);
        }
        if (stage.getHeight() < MIN_HEIGHT) {
            stage.setHeight(MIN_HEIGHT);
        }
        return shell;
    }

    static final double WIDTH = 1280;
    static final double HEIGHT = 800;
    static final double MIN_WIDTH = 960;
    static final double MIN_HEIGHT = 640;

    /** {@code preferred}, made to fit a smaller screen but never below {@code minimum}. */
    static double initialSize(double preferred, double minimum, double screen) {
        return Math.max(minimum, Math.min(preferred, screen));
    }

    @Override
    public void stop() {
        if (runner != null) {
            runner.close();
        }
    }
}
