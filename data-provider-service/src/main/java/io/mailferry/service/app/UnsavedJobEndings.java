package io.mailferry.service.app;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job endings the store could not write (a full disk): what it would hold, kept in memory so that the job list and
 * the report show the run as ended with its verdict instead of a run that never ends. Thread-safe.
 */
final class UnsavedJobEndings {
    private record Ending(JobState state, String verdict, Instant endedAt) {
    }

    private final Map<String, Ending> endings = new ConcurrentHashMap<>();

    void put(String jobId, JobState state, String verdict, Instant endedAt) {
        endings.put(jobId, new Ending(state, verdict, endedAt));
    }

    /** The ending was written after all, or a new run began: the store is right again. */
    void remove(String jobId) {
        endings.remove(jobId);
    }

    /** {@code job} as it ended when the store still says it runs and its ending could not be written; else as is. */
    Job apply(Job job) {
        Ending e = endings.get(job.id());
        boolean stale = job.state() == JobState.RUNNING || job.state() == JobState.STOPPING
                || job.state() == JobState.QUEUED;
        return e == null || !stale ? job : new Job(job.id(), job.name(), job.sourceConnectionId(),
                job.targetConnectionId(), job.options(), e.state(), job.mailboxCount(), job.progress(), e.verdict(),
                job.createdAt(), job.lastRunStartedAt(), e.endedAt(), job.mailboxStates());
    }
}
