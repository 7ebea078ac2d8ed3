package io.mailferry.service.cli;

import io.mailferry.model.api.Accepted;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailferry jobs start|stop|delta ID [--pair PAIR_ID ...]}: one request per job or per pair. They return at
 * once (the service works in the background); follow with {@code jobs watch ID}.
 */
final class JobControlCommands {
    private JobControlCommands() {
    }

    /** What the three verbs share: the job, the optional pairs, and the service's answer printed. */
    abstract static class Control extends JobCommand {
        @Option(names = "--pair", paramLabel = "PAIR_ID", description = "Only this mailbox pair (repeatable; ids "
                + "from jobs pairs ID). Default: the whole job.")
        List<String> pairIds = new ArrayList<>();

        abstract String verb();

        @Override
        public Integer call() {
            ServiceClient client = client();
            List<String> paths = pairIds.isEmpty() ? List.of(path("/" + verb()))
                    : pairIds.stream().map(p -> path("/pairs/" + segment(p, "mailbox pair") + "/" + verb())).toList();
            for (String path : paths) {
                out().println(client.send("POST", path, null, Accepted.class).message());
            }
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start a full pass: copy every selected item not yet on the target, then verify.",
                    "Pairs interrupted by a stop or a crash resume where they were (the ledger knows what was "
                            + "copied). Follow it with: mailferry jobs watch ID"})
    static final class Start extends Control {
        @Override
        String verb() {
            return "start";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop gracefully: the items in flight are finished and recorded; start or delta resumes.")
    static final class Stop extends Control {
        @Override
        String verb() {
            return "stop";
        }
    }

    @Command(name = "delta", mixinStandardHelpOptions = true,
            description = "Start a delta pass: copy only what is new at the source since the last pass (and retry "
                    + "what failed), then verify.")
    static final class Delta extends Control {
        @Override
        String verb() {
            return "delta";
        }
    }
}
