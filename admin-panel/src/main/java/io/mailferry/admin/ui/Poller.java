package io.mailferry.admin.ui;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/** Calls a view model's refresh on the UI thread at a fixed interval while started (live progress). */
public final class Poller {

    private final Timeline timeline;

    public Poller(Duration every, Runnable refresh) {
        timeline = new Timeline(new KeyFrame(every, e -> refresh.run()));
        timeline.setCycleCount(Timeline.INDEFINITE);
    }

    public void start() {
        timeline.play();
    }

    public void stop() {
        timeline.stop();
    }
}
