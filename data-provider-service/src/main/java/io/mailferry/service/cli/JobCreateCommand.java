package io.mailferry.service.cli;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mailferry jobs create}: a job between two stored connections, with the same job options as migrate. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        usageHelpAutoWidth = true,
        description = {"Create a job between two stored connections (see connections list).",
                "Mailboxes come from --pair and/or --csv; more can be added later with jobs import.",
                "Example: mailferry jobs create --name 'Sales' --source SRC_ID --target TGT_ID "
                        + "--pair anna@old.example=anna@new.example --exclude 'Junk'"})
final class JobCreateCommand extends ServiceCommand {
    static final class General {
        @Option(names = "--name", paramLabel = "NAME", required = true, description = "Name shown in lists and "
                + "reports.")
        String name;
        @Option(names = "--source", paramLabel = "CONN", required = true, description = "Id of the source "
                + "connection.")
        String source;
        @Option(names = "--target", paramLabel = "CONN", required = true, description = "Id of the target "
                + "connection.")
        String target;
    }

    static final class Mailboxes {
        @Option(names = "--pair", paramLabel = "SRC=TGT", description = "A source mailbox and the target mailbox it "
                + "moves into (repeatable), opened with the connections' own logins (e.g. a master user).")
        List<String> pairs = new ArrayList<>();
        @Option(names = "--csv", paramLabel = "FILE", description = "Mailbox pairs from a CSV file: Microsoft's IMAP "
                + "migration file (EmailAddress,UserName,Password[,UserRoot]) or the pairs layout (SourceMailbox,"
                + "TargetMailbox[,SourceUser,SourcePassword,TargetUser,TargetPassword,SourceRoot]). A bad row stops the command with its line "
                + "and reason.")
        Path csv;
    }

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nJob:%n", order = 1)
    General general = new General();

    @ArgGroup(exclusive = false, heading = "%nMailboxes:%n", order = 2)
    Mailboxes mailboxes = new Mailboxes();

    @Mixin
    JobOptionsMixin jobOptions = new JobOptionsMixin();

    @Override
    public Integer call() {
        List<MailboxPairRequest> pairs = new ArrayList<>();
        for (String p : mailboxes.pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw SideOptions.usage("--pair needs SOURCE=TARGET, not '" + p + "'.");
            }
            pairs.add(MailboxPairRequest.of(p.substring(0, eq).strip(), p.substring(eq + 1).strip()));
        }
        if (mailboxes.csv != null) {
            pairs.addAll(PairsFile.pairs(mailboxes.csv));
        }
        JobRequest request = new JobRequest(general.name, general.source, general.target, jobOptions.toJobOptions(),
                pairs);
        Job job = client().send("POST", JobsCommand.BASE, request, Job.class);
        out().println("Created job " + job.id() + " (" + job.name() + ") with " + job.mailboxCount()
                + (job.mailboxCount() == 1 ? " mailbox." : " mailboxes."));
        return 0;
    }
}
