package io.mailferry.admin;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for the headless UI tests: run on the FX thread, find nodes by id in any window, wait, take pictures. */
public final class Fx {

    /** How often {@link #waitFor} looks again: often, since a look is cheap and the panel answers in milliseconds. */
    private static final Duration POLL = Duration.ofMillis(20);

    private Fx() {
    }

    public static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    public static <T> T call(Callable<T> action) {
        try {
            T value = WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            return value;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Closes every window but TestFX's primary stage, then cleans up as TestFX does. Hidden directly, because a close request would make a wizard
     * that holds input ask first (and the question would wait for an answer nobody gives).
     */
    public static void closeAllWindows() throws java.util.concurrent.TimeoutException {
        Window primary = org.testfx.api.FxToolkit.toolkitContext().getRegisteredStage();
        run(() -> List.copyOf(Window.getWindows()).stream().filter(w -> w != primary).forEach(Window::hide));
        org.testfx.api.FxToolkit.cleanupStages();
    }

    /**
     * Runs {@code action} on the FX thread without then waiting for the FX events that follow, as {@link #call} does:
     * for lookups, which change nothing, and for steps followed by a {@link #waitFor} of their outcome anyway.
     */
    public static <T> T read(Callable<T> action) {
        try {
            return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node with {@code id} in any showing window, the newest window first (wizards open above the shell). */
    @SuppressWarnings("unchecked")
    public static <T extends Node> Optional<T> find(String id) {
        return read(() -> {
            List<Window> windows = List.copyOf(Window.getWindows());
            for (int i = windows.size() - 1; i >= 0; i--) {
                Scene s = windows.get(i).getScene();
                Node n = s == null ? null : s.getRoot().lookup("#" + id);
                if (n != null) {
                    return Optional.of((T) n);
                }
            }
            return Optional.empty();
        });
    }

    public static <T extends Node> T node(String id) {
        AtomicReference<T> found = new AtomicReference<>();
        poll(Duration.ofSeconds(15), () -> Fx.<T>find(id).map(n -> {
            found.set(n);
            return true;
        }).orElse(false), "node #" + id);
        return found.get();
    }

    /**
     * Waits until {@code condition} holds, failing after {@code max}. The first check comes after the FX events
     * already asked for have run (so that a condition such as "the wizard is gone" is not met too early); later checks
     * follow every {@link #POLL}, each after the FX thread has caught up once more.
     */
    public static void waitFor(Duration max, BooleanSupplier condition, String what) {
        WaitForAsyncUtils.waitForFxEvents();
        poll(max, condition, what);
    }

    private static void poll(Duration max, BooleanSupplier condition, String what) {
        Instant until = Instant.now().plus(max);
        while (Instant.now().isBefore(until)) {
            if (condition.getAsBoolean()) {
                return;
            }
            WaitForAsyncUtils.sleep(POLL.toMillis(), TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents(1);
        }
        throw new AssertionError("Timed out after " + max + " waiting for " + what);
    }

    /** The newest showing stage other than {@code except}, e.g. an opened wizard. */
    public static Optional<Stage> topStage(Stage except) {
        return call(() -> Window.getWindows().stream().filter(w -> w instanceof Stage && w != except && w.isShowing())
                .map(w -> (Stage) w).reduce((a, b) -> b));
    }

    public static void snapshot(Scene scene, Path file) {
        WritableImage image = call(() -> scene.snapshot(null));
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(buffered, "png", file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
