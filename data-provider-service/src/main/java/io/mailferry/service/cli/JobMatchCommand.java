package io.mailferry.service.cli;

import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import io.mailferry.model.mailbox.MatchRule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailferry jobs match}: automatic matching of two address lists by the service's rules, written as a pairs
 * CSV that {@code jobs create --csv} and {@code jobs import} read. The unmatched sources are named on stderr.
 */
@Command(name = "match", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Match source mailboxes to target mailboxes by rules and write the pairs as CSV "
                + "(SourceMailbox,TargetMailbox), ready for jobs create --csv or jobs import.",
                "Rules, in this order: SAME_ADDRESS (identical address), SAME_LOCAL_PART (anna@old -> anna@new, only "
                        + "when exactly one target has that local part), DOMAIN_MAPPING (--map-domain)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every source mailbox was matched", "1:some were not (they are named; the file holds the "
                + "matched ones)", "2:invalid command line or unreadable file", "3:the service is not running"})
final class JobMatchCommand extends ServiceCommand {
    @Option(names = "--sources", required = true, paramLabel = "FILE",
            description = "Source mailbox addresses, one per line (blank lines and lines starting with # ignored).")
    Path sources;

    @Option(names = "--targets", required = true, paramLabel = "FILE",
            description = "Target mailbox addresses, one per line.")
    Path targets;

    @Option(names = "--map-domain", paramLabel = "OLD=NEW",
            description = "Source domain OLD becomes NEW (repeatable), e.g. --map-domain old.example=new.example.")
    Map<String, String> domains = new LinkedHashMap<>();

    @Option(names = "--rule", paramLabel = "RULE",
            description = "Use only these rules (repeatable): ${COMPLETION-CANDIDATES}. Default: all.")
    List<MatchRule> rules = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the CSV to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        MatchRequest request = new MatchRequest(addresses(sources, "--sources"), addresses(targets, "--targets"),
                rules, domains);
        if (request.sources().isEmpty()) {
            throw SideOptions.usage("The file " + sources + " (--sources) lists no mailboxes.");
        }
        MatchResult result = client().send("POST", "/api/v1/matching", request, MatchResult.class);
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

    private static List<String> addresses(Path file, String option) {
        return SideOptions.readText(file, "The file " + file + " (" + option + ")").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
    private static String cell(String value) {
        return value.matches("(?s).*[,\"\r\n].*") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
