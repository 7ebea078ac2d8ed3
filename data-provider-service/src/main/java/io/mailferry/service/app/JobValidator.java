package io.mailferry.service.app;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.RenameRule;
import io.mailferry.model.mailbox.MailboxPairRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks job requests and pairs; each problem is one plain sentence. Stateless. */
final class JobValidator {
    static final int MAX_CONCURRENT_MAILBOXES = 200;
    static final int MAX_CONNECTIONS_PER_SERVER = 16;
    /**
     * Move mode empties the source on purpose, and deletion sync follows deletions on the source onto the target: one
     * job does one or the other (the ledger keeps them apart — rows MOVED before the delete — but a job asking for both
     * says two things about what a deletion on the source means).
     */
    static final String MOVE_WITH_DELETION_SYNC = "Move mode (delete each message from the source after its copy is"
            + " verified) cannot be combined with deletion sync (delete on the target what was deleted on the source):"
            + " one empties the source, the other follows it; choose one.";

    List<String> problems(JobRequest r, Function<String, Optional<Connection>> connections) {
        List<String> problems = new ArrayList<>();
        if (r.name() == null || r.name().isBlank()) {
            problems.add("The job needs a name.");
        } else if (NameRules.hasControl(r.name())) {
            problems.add(NameRules.controlProblem("The job name"));
        }
        connection(r.sourceConnectionId(), ConnectionRole.SOURCE, connections, problems);
        connection(r.targetConnectionId(), ConnectionRole.TARGET, connections, problems);
        options(r.options() == null ? JobOptions.defaults() : r.options(), problems);
        problems.addAll(pairs(r.pairs(), Set.of()));
        return problems;
    }

    /** Problems of new pairs, each as "Pair N: ..."; {@code existingSources} are the job's source mailboxes (lower case). */
    List<String> pairs(List<MailboxPairRequest> pairs, Set<String> existingSources) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>(existingSources);
        for (int i = 0; i < pairs.size(); i++) {
            String where = "Pair " + (i + 1);
            pair(pairs.get(i), seen).forEach(problem -> problems.add(where + ": " + problem));
        }
        return problems;
    }

    /**
     * The problems of one new pair, each a sentence starting in lower case ("the source mailbox is missing."), without
     * saying which pair; {@code seen} holds the source mailboxes already in the job (lower case) and gets this one's.
     */
    List<String> pair(MailboxPairRequest p, Set<String> seen) {
        List<String> problems = new ArrayList<>();
        if (p == null) {
            return List.of("it is empty.");
        }
        if (blank(p.sourceMailbox())) {
            problems.add("the source mailbox is missing.");
        } else if (!seen.add(p.sourceMailbox().strip().toLowerCase(Locale.ROOT))) {
            problems.add("source mailbox " + p.sourceMailbox().strip() + " is already paired in this job.");
        }
        if (blank(p.targetMailbox())) {
            problems.add("the target mailbox is missing.");
        }
        for (String[] side : new String[][] {{"source mailbox", p.sourceMailbox()},
                {"target mailbox", p.targetMailbox()}, {"source user", p.sourceUser()},
                {"target user", p.targetUser()}, {"source root", p.sourceRoot()}}) {
            if (NameRules.hasControl(side[1])) {
                problems.add(NameRules.controlProblem("the " + side[0]));
            }
        }
        if (p.sourcePassword() != null && !p.sourcePassword().isBlank() && blank(p.sourceUser())) {
            problems.add("a source password needs a source user.");
        }
        if (p.targetPassword() != null && !p.targetPassword().isBlank() && blank(p.targetUser())) {
            problems.add("a target password needs a target user.");
        }
        return problems;
    }

    /**
     * A connection in PASSWORD mode opens the mailbox of its own user for every pair that brings no login of its own
     * on that side: two such pairs in one job would both read (or both fill) that one mailbox. Refused here so it
     * cannot happen silently.
     *
     * @param withoutSourceLogin source mailboxes of the job's pairs (existing and new) with no source user of their own
     * @param withoutTargetLogin target mailboxes of the job's pairs with no target user of their own
     */
    List<String> sharedLogins(Connection source, Connection target, List<String> withoutSourceLogin,
            List<String> withoutTargetLogin) {
        List<String> problems = new ArrayList<>();
        sharedLogin(source, "source", withoutSourceLogin, problems);
        sharedLogin(target, "target", withoutTargetLogin, problems);
        return problems;
    }

    private static void sharedLogin(Connection c, String side, List<String> mailboxes, List<String> problems) {
        // without a user of its own, the connection logs each mailbox in under the mailbox's own name: nothing shared
        if (c == null || c.imap() == null || c.imap().authMode() != ImapAuthMode.PASSWORD || blank(c.imap().user())
                || mailboxes.size() < 2) {
            return;
        }
        problems.add("The " + side + " connection '" + c.name() + "' logs in as " + c.imap().user()
                + " for every mailbox "
                + "without a login of its own, so " + String.join(", ", mailboxes) + " would all open that one "
                + "mailbox: give each pair its own " + side + " user and password (CSV) or use a master-user "
                + "connection.");
    }

    private static void connection(String id, ConnectionRole role, Function<String, Optional<Connection>> connections,
            List<String> problems) {
        String side = role == ConnectionRole.SOURCE ? "source" : "target";
        if (blank(id)) {
            problems.add("The job needs a " + side + " connection.");
            return;
        }
        Optional<Connection> c = connections.apply(id);
        if (c.isEmpty()) {
            problems.add("There is no " + side + " connection with id " + id + ".");
        } else if (c.get().role() != role) {
            problems.add("Connection '" + c.get().name() + "' is defined as a "
                    + c.get().role().name().toLowerCase(Locale.ROOT) + "; choose a " + side + " connection.");
        }
    }

    /** Problems of the options alone (no connection looked up, nothing written). */
    List<String> options(JobOptions o) {
        List<String> problems = new ArrayList<>();
        options(o == null ? JobOptions.defaults() : o, problems);
        return problems;
    }

    private static void options(JobOptions o, List<String> problems) {
        if (o.after() != null && o.before() != null && !o.after().isBefore(o.before())) {
            problems.add("The date range is empty: 'after' must be earlier than 'before'.");
        }
        if (o.maxItemBytes() < 0) {
            problems.add("The largest item size cannot be negative.");
        }
        if (o.maxItemsPerFolder() < 0) {
            problems.add("The item cap per folder cannot be negative.");
        }
        if (o.deleteFromSource() && o.deletionSync()) {
            problems.add(MOVE_WITH_DELETION_SYNC);
        }
        if (o.concurrentMailboxes() < 1 || o.concurrentMailboxes() > MAX_CONCURRENT_MAILBOXES) {
            problems.add("Mailboxes at once must be between 1 and " + MAX_CONCURRENT_MAILBOXES + ", not "
                    + o.concurrentMailboxes() + ".");
        }
        if (o.connectionsPerServer() < 0 || o.connectionsPerServer() > MAX_CONNECTIONS_PER_SERVER) {
            problems.add("Connections per server and mailbox must be between 1 and " + MAX_CONNECTIONS_PER_SERVER
                    + " (or 0 for automatic), not " + o.connectionsPerServer() + ".");
        }
        for (RenameRule rule : o.folders().renames()) {
            if (rule == null || blank(rule.pattern()) || rule.replacement() == null) {
                problems.add("A rename rule needs a pattern and a replacement.");
                continue;
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(rule.pattern());
            } catch (PatternSyntaxException e) {
                // the description only: the JDK's full message spans three lines with a caret under the pattern
                problems.add("The rename pattern '" + rule.pattern() + "' is not a valid regular expression: "
                        + e.getDescription() + ".");
                continue;
            }
            if (!referencesOnlyItsGroups(rule.pattern(), pattern, rule.replacement())) {
                int groups = pattern.matcher("").groupCount();
                problems.add("The rename replacement '" + rule.replacement() + "' refers to a group the pattern '"
                        + rule.pattern() + "' does not have (" + (groups == 0 ? "it has no groups"
                        : groups == 1 ? "use $1" : "use $1 to $" + groups) + "; write \\$ for a dollar sign).");
            }
        }
        for (String glob : o.folders().include()) {
            if (blank(glob)) {
                problems.add("An include pattern is empty.");
            }
        }
        for (String glob : o.folders().exclude()) {
            if (blank(glob)) {
                problems.add("An exclude pattern is empty.");
            }
        }
    }

    /**
     * Whether the replacement's $n and ${name} references all name groups of the pattern: the pattern, wrapped so it
     * matches the empty string with its groups intact, resolves them once. A pattern that does not survive the wrapping
     * ("(?x)a#" comments out the wrapper's end, "\\Qabc" quotes it) is checked by reading the references instead.
     */
    private static boolean referencesOnlyItsGroups(String text, Pattern pattern, String replacement) {
        Pattern wrapped;
        try {
            wrapped = Pattern.compile("(?:" + text + ")|");
        } catch (PatternSyntaxException e) {
            return referencesRead(text, pattern.matcher("").groupCount(), replacement);
        }
        try {
            wrapped.matcher("").replaceFirst(replacement);
            return true;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Matcher.appendReplacement's reading of references: '\\' escapes the next character, $n and ${name} refer. */
    private static boolean referencesRead(String pattern, int groups, String replacement) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '$') {
                if (i + 1 >= replacement.length()) {
                    return false;
                }
                char next = replacement.charAt(i + 1);
                if (next == '{') {
                    int end = replacement.indexOf('}', i + 2);
                    if (end < 0 || !pattern.contains("(?<" + replacement.substring(i + 2, end) + ">")) {
                        return false;
                    }
                    i = end;
                } else if (!Character.isDigit(next) || next - '0' > groups) {
                    return false;
                } else {
                    i++;
                }
            }
        }
        return true;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
