package io.mailferry.service.engine;

import java.time.Duration;

/** Waits between retries; tests replace it so backoff costs no real time. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
