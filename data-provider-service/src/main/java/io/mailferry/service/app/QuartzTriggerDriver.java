package io.mailferry.service.app;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's {@link TriggerDriver}: a Quartz scheduler in memory (RAMJobStore, one thread), created when first
 * needed (the command line's {@code migrate} never needs it). The schedules themselves live in SQLite; their triggers
 * are rebuilt from there at every start (ADR 0018), so Quartz needs no store of its own. Thread-safe.
 */
final class QuartzTriggerDriver implements TriggerDriver {
    private static final Logger log = LoggerFactory.getLogger(QuartzTriggerDriver.class);
    static final String GROUP = "mailferry-job";
    private static final String CALLBACK = "onFire";

    private Scheduler scheduler;

    QuartzTriggerDriver() {
    }

    private synchronized Scheduler scheduler() {
        if (scheduler != null) {
            return scheduler;
        }
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "mailferry-schedules-" + System.identityHashCode(this));
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        // a trigger late by more than this (a suspended machine) is a misfire: each trigger says what then happens
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        try {
            scheduler = new StdSchedulerFactory(p).getScheduler();
            return scheduler;
        } catch (SchedulerException e) {
            throw new IllegalStateException("The scheduler could not be created: " + e.getMessage(), e);
        }
    }

    @Override
    public void start(Consumer<String> onFire) {
        try {
            scheduler().getContext().put(CALLBACK, onFire);
            scheduler().start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("The scheduler could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void replace(String jobId, List<Trigger> triggers) {
        JobKey key = new JobKey(jobId, GROUP);
        try {
            deleteJob(key);
            if (!triggers.isEmpty()) {
                JobDetail detail = JobBuilder.newJob(Fire.class).withIdentity(key).build();
                scheduler().scheduleJob(detail, Set.copyOf(triggers), true);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("The triggers of job " + jobId + " could not be set: " + e.getMessage(), e);
        }
    }

    /**
     * Quartz lists the job's triggers, then removes them one by one, and refuses the whole deletion when one is gone
     * already: a trigger firing its last time leaves by itself in between. Asked again, the listing no longer holds it.
     */
    private void deleteJob(JobKey key) throws SchedulerException {
        for (int attempt = 1; ; attempt++) {
            try {
                scheduler().deleteJob(key);
                return;
            } catch (SchedulerException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("The scheduler did not shut down cleanly: {}", e.getMessage());
        }
    }

    /** What every trigger runs: tells the job scheduler which job's trigger fired. */
    @DisallowConcurrentExecution
    public static final class Fire implements Job {
        @Override
        @SuppressWarnings("unchecked")
        public void execute(JobExecutionContext context) {
            try {
                Consumer<String> onFire = (Consumer<String>) context.getScheduler().getContext().get(CALLBACK);
                onFire.accept(context.getJobDetail().getKey().getName());
            } catch (SchedulerException | RuntimeException e) {
                log.error("A schedule's trigger for job {} failed", context.getJobDetail().getKey().getName(), e);
            }
        }
    }
}
