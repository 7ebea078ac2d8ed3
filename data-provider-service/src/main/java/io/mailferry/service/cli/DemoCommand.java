package io.mailferry.service.cli;

import io.mailferry.model.api.Accepted;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.demo.DemoServers;
import io.mailferry.service.demo.DemoServers.DemoUser;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailferry demo}: the README's first command. Starts two embedded IMAP servers with sample mailboxes and the
 * service in this process, then drives a whole migration through the HTTP API exactly as the panel would: two
 * connections, a job with both demo users, a full pass with live progress and its report, then one new message at the
 * source and a delta pass that must copy exactly that one. Exits 0 only when both passes were verified.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Runs a complete migration between two embedded demo IMAP servers through the service's API: "
                + "first pass, report, then a delta pass that copies one new message.",
            "Needs no setup and no network; takes a few seconds."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:both passes verified and the delta copied exactly the new message", "1:otherwise"})
public final class DemoCommand implements Callable<Integer> {
    private static final String NEW_SUBJECT = "Arrived after the first pass";

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory for the demo's service. Default: a new temporary directory.")
    Path dataDir;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("mailferry-demo-");
        try (DemoServers servers = DemoServers.start();
                RunningService service = ServiceMain.start(new ServiceConfig(dir, 0, ServiceMain.defaultProbes(),
                        true))) {
            say("Two demo IMAP servers are running: source 127.0.0.1:" + servers.sourcePort() + " (old.example), "
                    + "target 127.0.0.1:" + servers.targetPort() + " (new.example).");
            say("The Mailferry service is running at " + service.baseUrl() + " with data directory " + dir + ".");
            ServiceClient api = ServiceClient.of(service.baseUrl(), service.token());
            Job job = createJob(api, servers);

            say("");
            say("First pass: copying every folder and item, then verifying item by item ...");
            JobReport first = run(api, job, "start");
            new ReportPrinter(out).print(first);

            DemoUser anna = DemoServers.USERS.get(0);
            servers.deliverNew(anna, NEW_SUBJECT);
            say("");
            say("A new message \"" + NEW_SUBJECT + "\" arrived in " + anna.sourceAddress()
                    + "'s INBOX. Delta pass: copying only what is new ...");
            JobReport delta = run(api, job, "delta");
            long copied = delta.mailboxes().stream().mapToLong(MailboxReport::itemsCopied).sum();
            say("The delta pass copied " + copied + (copied == 1 ? " item" : " items")
                    + (copied == 1 ? ": exactly the new message." : "; expected exactly 1."));
            say("Job: " + delta.verdict());

            Path reports = dir.resolve("reports");
            Files.createDirectories(reports);
            String base = "/api/v1/jobs/" + job.id() + "/report?format=";
            Path html = Files.writeString(reports.resolve("job-report.html"), api.text(base + "html"),
                    StandardCharsets.UTF_8);
            Path csv = Files.writeString(reports.resolve("job-report.csv"), api.text(base + "csv"),
                    StandardCharsets.UTF_8);
            say("Reports: " + html + " and " + csv + " (logs in " + dir.resolve("logs") + ").");

            boolean ok = first.verified() && delta.verified() && copied == 1;
            say(ok ? "Demo finished: every source item is on the target, verified."
                    : "Demo finished WITHOUT full verification; see the report above.");
            return ok ? 0 : 1;
        } finally {
            out.flush();
        }
    }

    private Job createJob(ServiceClient api, DemoServers servers) {
        Connection source = api.send("POST", "/api/v1/connections", connection("Demo source (old.example)",
                ConnectionRole.SOURCE, servers.sourcePort()), Connection.class);
        Connection target = api.send("POST", "/api/v1/connections", connection("Demo target (new.example)",
                ConnectionRole.TARGET, servers.targetPort()), Connection.class);
        List<MailboxPairRequest> pairs = DemoServers.USERS.stream().map(u -> new MailboxPairRequest(
                u.sourceAddress(), u.targetAddress(), u.sourceAddress(), new Secret(u.password()), u.targetAddress(),
                new Secret(u.password()))).toList();
        Job job = api.send("POST", "/api/v1/jobs", new JobRequest("Demo migration", source.id(), target.id(), null,
                pairs), Job.class);
        say("Created the connections '" + source.name() + "' and '" + target.name() + "' and the job '" + job.name()
                + "' with " + job.mailboxCount() + " mailboxes, through the API.");
        return job;
    }

    private static ConnectionRequest connection(String name, ConnectionRole role, int port) {
        return new ConnectionRequest(name, role, ConnectionKind.IMAP,
                new ImapSettings("127.0.0.1", port, ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null),
                null, null, null);
    }

    /** Starts the pass ({@code start} or {@code delta}), prints progress until it ends, returns the job report. */
    private JobReport run(ServiceClient api, Job job, String command) throws InterruptedException {
        String path = "/api/v1/jobs/" + job.id();
        say(api.send("POST", path + "/" + command, null, Accepted.class).message());
        ProgressPrinter progress = new ProgressPrinter(out);
        progress.follow(() -> Arrays.asList(api.send("GET", path + "/pairs", null, MailboxPair[].class)), () -> {
            Thread.sleep(200);
            JobState state = api.send("GET", path, null, Job.class).state();
            return state != JobState.RUNNING && state != JobState.QUEUED && state != JobState.STOPPING;
        });
        return api.send("GET", path + "/report", null, JobReport.class);
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
