package io.mailferry.service.cli;

import io.mailferry.model.report.PassRecord;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailferry jobs passes ID}: the job's pass history, newest first (the report shows only the last pass). */
@Command(name = "passes", mixinStandardHelpOptions = true,
        description = "List the job's passes, newest first: every full or delta pass of every mailbox, with its "
                + "end, counts and verdict.")
final class JobPassesCommand extends JobCommand {
    private static final TextTable<PassRecord> PASSES = new TextTable<>("%-20s  %-5s  %-28s  %-21s  %8s  %8s  %8s  %s%n",
            List.of("ENDED", "KIND", "SOURCE", "STATE", "COPIED", "SKIPPED", "FAILED", "VERDICT"),
            p -> Arrays.asList(TextTable.instant(p.endedAt()), p.kind(),
                    p.sourceMailbox(), p.state(), p.itemsCopied(), p.itemsSkipped(), p.itemsFailed(),
                    p.verdict() == null ? "" : p.verdict()));

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most N passes, the newest (1-1000, default 100).")
    int limit;

    @Option(names = "--json", description = "Print the service's JSON.")
    boolean json;

    @Override
    public Integer call() {
        ServiceClient client = client();
        List<PassRecord> passes = List.of(client.send("GET", path("/passes?limit=" + limit), null,
                PassRecord[].class));
        printList(client, json, passes, PASSES, "No passes yet. Start one with: mailferry jobs start " + id);
        return 0;
    }
}
