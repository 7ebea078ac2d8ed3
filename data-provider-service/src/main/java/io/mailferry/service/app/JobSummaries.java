package io.mailferry.service.app;

import io.mailferry.model.job.Job;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.service.store.PairStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job's pairs counted by state and their progress summed (with the job's fraction weighted by the pairs' totals:
 * {@link PairReports#jobProgress}), without reading every pair: the store sums the stored
 * state of the pairs that do not run (one aggregate over an index), the runner adds the queued and running ones with
 * their live state and progress, and a pair whose ending could not be written counts as the runner says (FAILED); a
 * job whose ending could not be written shows the state and verdict the runner would have written.
 * Each pair is counted exactly once: the ones the runner knows are left out of the store's sum. Thread-safe.
 */
final class JobSummaries {
    private final PairStore pairs;
    private final JobRunner runner;

    JobSummaries(PairStore pairs, JobRunner runner) {
        this.pairs = pairs;
        this.runner = runner;
    }

    /** The job with its live counts by state, summed progress and pair count. */
    Job withSummary(Job job) {
        return with(job, summaries(job.id()).getOrDefault(job.id(), Summary.EMPTY));
    }

    /** Every job of {@code jobs} with its summary, from one aggregate query. */
    List<Job> withSummaries(List<Job> jobs) {
        Map<String, Summary> all = summaries(null);
        return jobs.stream().map(j -> with(j, all.getOrDefault(j.id(), Summary.EMPTY))).toList();
    }

    private record Summary(Map<MailboxState, Integer> states, List<PairReports.Share> shares) {
        static final Summary EMPTY = new Summary(Map.of(), List.of());
    }

    /** Per job id (of {@code jobId} only when it is not null). */
    private Map<String, Summary> summaries(String jobId) {
        // live first: a pair that ends in between is then in the store's sum with its final row, never in neither
        List<JobRunner.LivePair> live = runner.livePairs().stream()
                .filter(p -> jobId == null || p.jobId().equals(jobId)).toList();
        Map<String, String> unrecorded = runner.unrecordedEndings();
        Set<String> excluded = new HashSet<>(unrecorded.keySet());
        live.forEach(p -> excluded.add(p.pairId()));
        Map<String, Summary> result = new HashMap<>();
        for (PairStore.StateTotals t : pairs.totals(jobId, excluded)) {
            add(result, t.jobId(), new PairReports.Share(t.state(), t.pairs(), t.knownTotals(), t.progress()));
        }
        Set<String> counted = new HashSet<>();
        for (JobRunner.LivePair p : live) {
            counted.add(p.pairId());
            add(result, p.jobId(), PairReports.Share.of(p.state(), p.progress()));
        }
        for (String pairId : unrecorded.keySet()) {
            if (!counted.contains(pairId)) {
                pairs.find(pairId).filter(p -> jobId == null || p.jobId().equals(jobId)).map(runner::live)
                        .ifPresent(p -> add(result, p.jobId(), PairReports.Share.of(p.state(), p.progress())));
            }
        }
        return result;
    }

    private static void add(Map<String, Summary> result, String jobId, PairReports.Share share) {
        Summary s = result.computeIfAbsent(jobId, k -> new Summary(new EnumMap<>(MailboxState.class),
                new ArrayList<>()));
        s.states().merge(share.state(), share.pairs(), Integer::sum);
        s.shares().add(share);
    }

    private Job with(Job stored, Summary s) {
        Job job = runner.live(stored);
        int count = s.states().values().stream().mapToInt(Integer::intValue).sum();
        return new Job(job.id(), job.name(), job.sourceConnectionId(), job.targetConnectionId(), job.options(),
                job.state(), count, PairReports.jobProgress(s.shares()), job.verdict(), job.createdAt(),
                job.lastRunStartedAt(), job.lastRunEndedAt(), s.states());
    }
}
