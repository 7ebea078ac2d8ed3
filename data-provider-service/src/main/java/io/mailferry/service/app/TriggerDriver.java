package io.mailferry.service.app;

import java.util.List;
import java.util.function.Consumer;
import org.quartz.Trigger;

/**
 * Fires the triggers of the job schedules: {@link QuartzTriggerDriver} in the service, a driver that follows a test's
 * clock in tests. Each trigger belongs to one job ({@link Trigger#getJobKey()}'s name is the job id); when one fires,
 * the driver calls back with that id. Thread-safe.
 */
interface TriggerDriver extends AutoCloseable {
    /** Begins firing; {@code onFire} gets the job id of each trigger that fires, one call at a time. */
    void start(Consumer<String> onFire);

    /** Replaces every trigger of the job with {@code triggers} (none: the job has no trigger any more). */
    void replace(String jobId, List<Trigger> triggers);

    @Override
    void close();
}
