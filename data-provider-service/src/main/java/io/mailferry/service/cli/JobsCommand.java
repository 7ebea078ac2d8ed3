package io.mailferry.service.cli;

import io.mailferry.model.job.Job;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.Progress;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailferry jobs ...}: define, run, watch and report migration jobs through the running service's API (the
 * same jobs the Administration Panel shows). The subcommands that change a job are in their own classes.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Create, run, watch and report migration jobs of the running service.",
                "Typical order: jobs create, jobs start, jobs watch, jobs report; later jobs delta for what is new."},
        subcommands = {JobsCommand.ListCommand.class, JobsCommand.ShowCommand.class, JobCreateCommand.class,
                JobControlCommands.Start.class, JobControlCommands.Stop.class, JobControlCommands.Delta.class,
                JobsCommand.PairsCommand.class, JobMatchCommand.class, JobCsvCommands.Import.class,
                JobCsvCommands.Export.class,
                JobReportCommand.class, JobWatchCommand.class, JobsCommand.DeleteCommand.class,
                JobPassesCommand.class, JobScheduleCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the service refused the request or the operation failed",
                "2:invalid command line, or values the service refused as invalid",
                "3:the service is not running or does not answer"})
final class JobsCommand {
    static final String BASE = "/api/v1/jobs";
    private static final TextTable<Job> JOBS = new TextTable<>("%-36s  %-21s  %9s  %-16s  %s%n",
            List.of("ID", "STATE", "MAILBOXES", "ITEMS", "NAME"),
            j -> Arrays.asList(j.id(), j.state(), j.mailboxCount(), items(j.progress()), j.name()));
    private static final TextTable<MailboxPair> PAIRS = new TextTable<>("%-36s  %-28s  %-28s  %-21s  %-16s  %s%n",
            List.of("PAIR ID", "SOURCE", "TARGET", "STATE", "ITEMS", "VERDICT"),
            p -> Arrays.asList(p.id(), p.sourceMailbox(), p.targetMailbox(), p.state(), items(p.progress()),
                    p.pause() != null ? ProgressPrinter.paused(p) : p.error() != null ? p.error()
                            : p.verdict() == null ? "" : p.verdict()));
    private static final String NO_PAIRS = "No mailbox pairs yet. Add them with: mailferry jobs import ID FILE";

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the jobs with state and progress.")
    static final class ListCommand extends ServiceCommand {
        @Option(names = "--json", description = "Print the service's JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            printList(client, json, List.of(client.send("GET", BASE, null, Job[].class)), JOBS,
                    "No jobs yet. Create one with: mailferry jobs create --help");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one job and its mailbox pairs (state, items done/total, verdict).")
    static final class ShowCommand extends JobCommand {
        @Option(names = "--json", description = "Print the service's JSON: {\"job\": ..., \"pairs\": [...]}.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            Job j = client.send("GET", path(""), null, Job.class);
            List<MailboxPair> pairs = pairs(client);
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
            if (j.nextRunAt() != null) {
                out.println("next run:    " + j.nextRunAt() + " (scheduled; see jobs schedule ID)");
            }
            out.println();
            PAIRS.print(out, pairs, NO_PAIRS);
            return 0;
        }
    }

    @Command(name = "pairs", mixinStandardHelpOptions = true,
            description = "List a job's mailbox pairs with their ids (for --pair), state, items and verdict.")
    static final class PairsCommand extends JobCommand {
        @Option(names = "--json", description = "Print the service's JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            printList(client, json, pairs(client), PAIRS, NO_PAIRS);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a job, its pairs and their ledgers (refused while it runs; the mail stays where "
                    + "it is).")
    static final class DeleteCommand extends JobCommand {
        @Override
        public Integer call() {
            client().send("DELETE", path(""), null, Void.class);
            out().println("Deleted job " + id + ".");
            return 0;
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
