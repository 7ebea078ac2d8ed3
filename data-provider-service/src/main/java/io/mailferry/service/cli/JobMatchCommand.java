package io.mailferry.service.cli;

import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import io.mailferry.model.mailbox.MatchRule;
import io.mailferry.model.report.CsvCell;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailferry jobs match}: automatic matching of two address lists by the service's rules, written as a pairs
 * CSV that {@code jobs create --csv} and {@code jobs import} read. Each list comes from a file or from a connection's
 * directory (Microsoft 365). The unmatched sources are named on stderr.
 */
@Command(name = "match", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Match source mailboxes to target mailboxes by rules and write the pairs as CSV "
                + "(SourceMailbox,TargetMailbox), ready for jobs create --csv or jobs import.",
                "Rules, in this order: SAME_ADDRESS (identical address), SAME_LOCAL_PART (anna@old -> anna@new, only "
                        + "when exactly one target has that local part), DOMAIN_MAPPING (--map-domain)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every source mailbox was matched", "1:some were not (they are named; the file holds the "
                + "matched ones), or a connection's directory could not be read",
                "2:invalid command line or unreadable file", "3:the service is not running"})
final class JobMatchCommand extends ServiceCommand {
    @ArgGroup(multiplicity = "1", heading = "Source mailboxes (one of):%n")
    Sources sources;

    @ArgGroup(multiplicity = "1", heading = "Target mailboxes (one of):%n")
    Targets targets;

    @Option(names = "--map-domain", paramLabel = "OLD=NEW",
            description = "Source domain OLD becomes NEW (repeatable), e.g. --map-domain old.example=new.example.")
    Map<String, String> domains = new LinkedHashMap<>();

    @Option(names = "--rule", paramLabel = "RULE",
            description = "Use only these rules (repeatable): ${COMPLETION-CANDIDATES}. Default: all.")
    List<MatchRule> rules = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the CSV to FILE instead of stdout.")
    Path output;

    /** Exactly one of a file and a connection's directory. */
    static final class Sources {
        @Option(names = "--sources", required = true, paramLabel = "FILE",
                description = "Source mailbox addresses, one per line (blank lines and lines starting with # "
                        + "ignored).")
        Path file;

        @Option(names = "--sources-from-connection", required = true, paramLabel = "ID",
                description = "Every mailbox of this connection's directory (Microsoft 365: the tenant's user and "
                        + "shared mailboxes).")
        String connection;
    }

    /** Exactly one of a file and a connection's directory. */
    static final class Targets {
        @Option(names = "--targets", required = true, paramLabel = "FILE",
                description = "Target mailbox addresses, one per line.")
        Path file;

        @Option(names = "--targets-from-connection", required = true, paramLabel = "ID",
                description = "Every mailbox of this connection's directory, e.g. the target Microsoft 365 tenant.")
        String connection;
    }

    @Override
    public Integer call() {
        // files first: a bad file is a command-line error (exit 2) whether or not the service runs
        List<String> sourceList = sources.file == null ? null : addresses(sources.file, "--sources");
        List<String> targetList = targets.file == null ? null : addresses(targets.file, "--targets");
        if (sourceList != null && sourceList.isEmpty()) {
            throw SideOptions.usage("The file " + sources.file + " (--sources) lists no mailboxes.");
        }
        ServiceClient client = client();
        if (sourceList == null) {
            sourceList = addresses(client, sources.connection, "--sources-from-connection");
            if (sourceList.isEmpty()) {
                throw new CliException(ServiceClient.FAILED, "The directory of connection " + sources.connection
                        + " (--sources-from-connection) lists no mailboxes.");
            }
        }
        if (targetList == null) {
            targetList = addresses(client, targets.connection, "--targets-from-connection");
        }
        MatchRequest request = new MatchRequest(sourceList, targetList, rules, domains);
        MatchResult result = client.send("POST", "/api/v1/matching", request, MatchResult.class);
        StringBuilder csv = new StringBuilder("SourceMailbox,TargetMailbox\r\n");
        Map<MatchRule, Integer> byRule = new EnumMap<>(MatchRule.class);
        List<String> unmatched = new ArrayList<>();
        for (MatchResult.Match m : result.matches()) {
            if (m.target() == null) {
                unmatched.add(m.source());
            } else {
                csv.append(cell(m.source())).append(',').append(cell(m.target())).append("\r\n");
                byRule.merge(m.rule(), 1, Integer::sum);
            }
        }
        writeOut(csv.toString(), output, "mailbox pairs");
        PrintWriter err = err();
        int matched = result.matches().size() - unmatched.size();
        err.println("Matched " + matched + " of " + result.matches().size() + " source mailboxes"
                + (byRule.isEmpty() ? "" : " (" + String.join(", ", byRule.entrySet().stream()
                        .map(e -> e.getValue() + " by " + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .toList()) + ")") + ".");
        if (unmatched.isEmpty()) {
            return 0;
        }
        err.println("Not matched (no target, or more than one fits): " + String.join(", ", unmatched));
        return ServiceClient.FAILED;
    }

    /** The addresses of a connection's directory; a kind without one is refused by the service (exit 1). */
    private static List<String> addresses(ServiceClient client, String connectionId, String option) {
        try {
            return client.directory(connectionId).stream().map(DirectoryMailbox::address)
                    .filter(a -> a != null && !a.isBlank()).map(String::strip).toList();
        } catch (CliException e) {
            if (e.exitCode() != ServiceClient.FAILED) {
                throw e; // the service is away: its own sentence says so
            }
            throw new CliException(e.exitCode(), option + " " + connectionId + ": " + e.getMessage());
        }
    }

    private static List<String> addresses(Path file, String option) {
        return CliFiles.readText(file, "The file " + file + " (" + option + ")").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
    private static String cell(String raw) {
        String value = CsvCell.neutral(raw);
        return value.matches("(?s).*[,\"\r\n].*") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
