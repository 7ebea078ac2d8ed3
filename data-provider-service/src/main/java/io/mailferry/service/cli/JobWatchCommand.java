package io.mailferry.service.cli;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailferry jobs watch}: polls the job until it ends, one progress line per poll plus a line for each running
 * mailbox whose progress changed, then the job's verdict. Made for scripts: {@code jobs start ID && jobs watch ID}.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Print a job's progress every 2 seconds until the pass ends, then its verdict.",
                "Stopping the watch (Ctrl-C) does not stop the job."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the job ended COMPLETED (every selected source item verified on the target)",
                "1:it ended otherwise (COMPLETED_WITH_ISSUES, FAILED, STOPPED) or has never run",
                "2:invalid command line", "3:the service is not running or stopped answering"})
final class JobWatchCommand extends JobCommand {
    private static final Set<JobState> ACTIVE = EnumSet.of(JobState.QUEUED, JobState.RUNNING, JobState.STOPPING);
    private static final Set<MailboxState> FINISHED = EnumSet.of(MailboxState.COMPLETED,
            MailboxState.COMPLETED_WITH_ISSUES, MailboxState.FAILED, MailboxState.STOPPED);

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds between two progress lines (default: ${DEFAULT-VALUE}).")
    double interval;

    @Override
    public Integer call() throws InterruptedException {
        if (!(interval > 0)) {
            throw SideOptions.usage("--interval must be more than 0 seconds.");
        }
        ServiceClient client = client();
        PrintWriter out = out();
        Job job = client.send("GET", path(""), null, Job.class);
        if (job.state() == JobState.NEW) {
            err().println("Job '" + job.name() + "' has never run; start it with: mailferry jobs start " + id);
            return ServiceClient.FAILED;
        }
        ProgressPrinter mailboxes = new ProgressPrinter(out);
        while (true) {
            List<MailboxPair> pairs = pairs(client);
            out.println(line(job, pairs));
            mailboxes.print(pairs);
            if (!ACTIVE.contains(job.state())) {
                break;
            }
            Thread.sleep((long) (interval * 1000));
            job = client.send("GET", path(""), null, Job.class);
        }
        out.println("Job '" + job.name() + "' ended " + job.state() + ": " + job.verdict());
        out.flush();
        return job.state() == JobState.COMPLETED ? 0 : ServiceClient.FAILED;
    }

    static String line(Job job, List<MailboxPair> pairs) {
        Progress g = job.progress();
        long finished = pairs.stream().filter(p -> FINISHED.contains(p.state())).count();
        // the service reports ETA 0 for a job that is not running; only a positive estimate says something
        String eta = g.etaSeconds() > 0 ? "  ETA " + g.etaSeconds() + " s" : "";
        // the service's fraction weighs each mailbox by its total (queued ones not done); floored, so 100 % is the end
        String percent = "  " + (long) Math.floor(g.fraction() * 100 + 1e-9) + " %";
        String paused = pairs.stream().filter(p -> p.pause() != null).findFirst()
                .map(p -> "  " + pairs.stream().filter(q -> q.pause() != null).count() + " paused: "
                        + ProgressPrinter.paused(p)).orElse("");
        return String.format(Locale.ROOT, "%s  %s items%s  %d/%d mailboxes finished  %.1f items/s%s%s%s", job.state(),
                JobsCommand.items(g), percent, finished, pairs.size(), g.itemsPerSecond(), eta,
                ProgressPrinter.throttled(g), paused);
    }
}
