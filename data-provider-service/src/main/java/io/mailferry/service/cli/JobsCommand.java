package io.mailferry.service.cli;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.Progress;
import io.mailferry.model.mailbox.MailboxPair;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailferry jobs ...}: define, run, watch and report migration jobs through the running service's API (the
 * same jobs the Administration Panel shows). The subcommands that change a job are in their own classes.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Create, run, watch and report migration jobs of the running service.",
                "Typical order: jobs create, jobs start, jobs watch, jobs report; later jobs delta for what is new."},
        subcommands = {JobsCommand.ListCommand.class, JobsCommand.ShowCommand.class, JobCreateCommand.class,
                JobControlCommands.Start.class, JobControlCommands.Stop.class, JobControlCommands.Delta.class,
                JobsCommand.PairsCommand.class, JobCsvCommands.Import.class, JobCsvCommands.Export.class,
                JobReportCommand.class, JobWatchCommand.class, JobsCommand.DeleteCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the service refused the request or the operation failed",
                "2:invalid command line", "3:the service is not running or does not answer"})
final class JobsCommand {
    static final String BASE = "/api/v1/jobs";

    static String path(String jobId) {
        return BASE + "/" + jobId;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the jobs with state and progress.")
    static final class ListCommand extends ServiceCommand {
        @Option(names = "--json", description = "Print the service's JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            List<Job> all = List.of(client.send("GET", BASE, null, Job[].class));
            if (json) {
                printJson(client, all);
            } else if (all.isEmpty()) {
                out().println("No jobs yet. Create one with: mailferry jobs create --help");
            } else {
                String format = "%-36s  %-21s  %9s  %-16s  %s%n";
                out().printf(format, "ID", "STATE", "MAILBOXES", "ITEMS", "NAME");
                for (Job j : all) {
                    out().printf(format, j.id(), j.state(), j.mailboxCount(), items(j.progress()), j.name());
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one job and its mailbox pairs (state, items done/total, verdict).")
    static final class ShowCommand extends ServiceCommand {
        @Parameters(paramLabel = "ID", description = "Job id (see jobs list).")
        String id;

        @Option(names = "--json", description = "Print the service's JSON: {\"job\": ..., \"pairs\": [...]}.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            Job j = client.send("GET", path(id), null, Job.class);
            List<MailboxPair> pairs = List.of(client.send("GET", path(id) + "/pairs", null, MailboxPair[].class));
            if (json) {
                printJson(client, Map.of("job", j, "pairs", pairs));
                return 0;
            }
            PrintWriter out = out();
            out.println("id:          " + j.id());
            out.println("name:        " + j.name());
            out.println("source:      connection " + j.sourceConnectionId());
            out.println("target:      connection " + j.targetConnectionId());
            out.println("state:       " + j.state());
            out.println("mailboxes:   " + j.mailboxCount());
            out.println("items:       " + items(j.progress()));
            out.println("verdict:     " + (j.verdict() == null ? "none yet (never run)" : j.verdict()));
            out.println("created:     " + j.createdAt());
            out.println("last run:    " + (j.lastRunStartedAt() == null ? "never"
                    : j.lastRunStartedAt() + " to " + (j.lastRunEndedAt() == null ? "now" : j.lastRunEndedAt())));
            out.println();
            printPairs(out, pairs);
            return 0;
        }
    }

    @Command(name = "pairs", mixinStandardHelpOptions = true,
            description = "List a job's mailbox pairs with their ids (for --pair), state, items and verdict.")
    static final class PairsCommand extends ServiceCommand {
        @Parameters(paramLabel = "ID", description = "Job id.")
        String id;

        @Option(names = "--json", description = "Print the service's JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            List<MailboxPair> pairs = List.of(client.send("GET", path(id) + "/pairs", null, MailboxPair[].class));
            if (json) {
                printJson(client, pairs);
            } else {
                printPairs(out(), pairs);
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a job, its pairs and their ledgers (refused while it runs; the mail stays where "
                    + "it is).")
    static final class DeleteCommand extends ServiceCommand {
        @Parameters(paramLabel = "ID", description = "Job id.")
        String id;

        @Override
        public Integer call() {
            client().send("DELETE", path(id), null, Void.class);
            out().println("Deleted job " + id + ".");
            return 0;
        }
    }

    static void printPairs(PrintWriter out, List<MailboxPair> pairs) {
        if (pairs.isEmpty()) {
            out.println("No mailbox pairs yet. Add them with: mailferry jobs import ID FILE");
            return;
        }
        String format = "%-36s  %-28s  %-28s  %-21s  %-16s  %s%n";
        out.printf(format, "PAIR ID", "SOURCE", "TARGET", "STATE", "ITEMS", "VERDICT");
        for (MailboxPair p : pairs) {
            String verdict = p.error() != null ? p.error() : p.verdict() == null ? "" : p.verdict();
            out.printf(format, p.id(), p.sourceMailbox(), p.targetMailbox(), p.state(), items(p.progress()), verdict);
        }
    }

    /** "done/total", plus the skipped and failed counts when there are any. */
    static String items(Progress g) {
        if (g == null) {
            return "-";
        }
        String extra = (g.itemsSkipped() > 0 ? ", " + g.itemsSkipped() + " skipped" : "")
                + (g.itemsFailed() > 0 ? ", " + g.itemsFailed() + " failed" : "");
        return g.itemsDone() + "/" + g.itemsTotal() + (extra.isEmpty() ? "" : " (" + extra.substring(2) + ")");
    }
}
