package io.mailferry.service.cli;

import io.mailferry.model.mailbox.MailboxPair;
import java.util.List;
import picocli.CommandLine.Parameters;

/** Base of the {@code jobs} subcommands that act on one job: its id as the first parameter and its API paths. */
abstract class JobCommand extends ServiceCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Job id (see jobs list).")
    String id;

    /** {@code /api/v1/jobs/ID} followed by {@code rest}. */
    String path(String rest) {
        return JobsCommand.BASE + "/" + segment(id, "job") + rest;
    }

    List<MailboxPair> pairs(ServiceClient client) {
        return client.all(path("/pairs"), MailboxPair[].class);
    }
}
