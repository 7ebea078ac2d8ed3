package io.mailferry.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.util.List;

/** Passes of a one-pair job driven through the API of a {@link ServiceProcess}, as an admin would start them. */
public final class JobPasses {
    private static final List<JobState> ACTIVE = List.of(JobState.NEW, JobState.QUEUED, JobState.RUNNING,
            JobState.STOPPING);

    private JobPasses() {
    }

    /** The job's only pair as the API shows it now. */
    public static MailboxPair pair(ServiceProcess service, String job) {
        return service.api().get("/api/v1/jobs/" + job + "/pairs").as(MailboxPair[].class)[0];
    }

    /**
     * Sends {@code command} (start, delta ...) to the job, waits until the job is no longer active and returns the
     * report of its pair; the job must have ended COMPLETED.
     */
    public static MailboxReport runToEnd(ServiceProcess service, String job, String command, int seconds)
            throws InterruptedException {
        ApiClient api = service.api();
        assertThat(api.send("POST", "/api/v1/jobs/" + job + "/" + command, null).status()).isEqualTo(202);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Job j = api.get("/api/v1/jobs/" + job).as(Job.class);
            if (!ACTIVE.contains(j.state())) {
                MailboxReport report = api.get("/api/v1/jobs/" + job + "/report").as(JobReport.class).mailboxes()
                        .get(0);
                assertThat(j.state()).as("%s; %s\n%s", j.verdict(), report.error(), service.logTail(4000))
                        .isEqualTo(JobState.COMPLETED);
                return report;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the " + command + " pass did not end within " + seconds + " s:\n"
                + service.logTail(4000));
    }
}
