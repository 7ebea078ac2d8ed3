package io.mailferry.model.job;

import java.time.Instant;
import java.util.List;

/**
 * When a job runs by itself: a first pass at {@code startAt}, only inside its activity periods (outside them a running
 * pass pauses after its items in flight and resumes where it stopped when the next period begins), and, when
 * {@code deltaEveryHours} is set, a delta pass every that many hours after the start until {@code deltaUntil} (the
 * cut-over) or until the schedule is removed.
 *
 * @param startAt         the first pass; null = as soon as the schedule is saved
 * @param activityPeriods periods such as {@code "Mon-Fri 19-07"} (see {@link ActivityPeriod}); empty = any time
 * @param deltaEveryHours hours between delta passes (1 to 8760); null or 0 = no recurring delta
 * @param deltaUntil      no pass starts at or after this instant (the cut-over); null = until removed
 * @param timeZone        zone of the activity periods' days and hours (e.g. {@code "Europe/Berlin"}); null = the
 *                        service machine's zone
 */
public record JobSchedule(
        Instant startAt,
        List<String> activityPeriods,
        Integer deltaEveryHours,
        Instant deltaUntil,
        String timeZone) {

    public JobSchedule {
        activityPeriods = activityPeriods == null ? List.of() : List.copyOf(activityPeriods);
        deltaEveryHours = deltaEveryHours == null ? 0 : deltaEveryHours;
    }

    /** The activity periods read; throws {@link IllegalArgumentException} on the first one that does not read. */
    public List<ActivityPeriod> periods() {
        return activityPeriods.stream().map(ActivityPeriod::parse).toList();
    }

    /** Whether delta passes recur. */
    public boolean recurring() {
        return deltaEveryHours > 0;
    }
}
