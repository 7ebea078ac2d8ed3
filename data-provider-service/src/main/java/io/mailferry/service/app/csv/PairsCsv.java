package io.mailferry.service.app.csv;

import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.CsvImportResult.RowError;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.mailferry.model.report.CsvCell;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads and writes the CSV files that list mailbox pairs. Two layouts are read, recognised by their header row
 * (case-insensitive, trimmed, a UTF-8 byte order mark tolerated, {@code ;} accepted instead of {@code ,} when the
 * header uses it):
 * <ul>
 *   <li><b>microsoft-imap</b> — Microsoft's IMAP migration batch file
 *       {@code EmailAddress,UserName,Password[,UserRoot]}. EmailAddress is the target mailbox, UserName/Password
 *       the source login. UserName is kept verbatim as the source user, so administrator logins work as the source
 *       server expects them: Dovecot/Cyrus/Zimbra's master-user form {@code anna*mailadmin} and Exchange's
 *       {@code contoso/mailadmin/anna}. For those two forms the source mailbox is the user part ({@code anna}), so
 *       a seat and the reports name the mailbox, not the administrator. A non-empty UserRoot (an administrator
 *       login that sees many users' folder trees, as Courier, Cyrus or Dovecot shared namespaces offer it) names
 *       the folder this user's mailbox lives under, e.g. {@code /users/terry.adams}: it becomes the pair's
 *       {@link MailboxPairRequest#sourceRoot} without its leading and trailing "/" ({@code users/terry.adams}; "/"
 *       is the separator, the engine matches it against the server's own), only that subtree migrates, and its last
 *       segment ({@code terry.adams}) names the source mailbox, so several rows may share one administrator
 *       login.</li>
 *   <li><b>pairs</b> —
 *       {@code SourceMailbox,TargetMailbox[,SourceUser,SourcePassword,TargetUser,TargetPassword,SourceRoot]}.
 *       A mailbox is an address or a plain login; a value containing {@code @} must be a complete address.
 *       SourceRoot means what UserRoot means above.</li>
 * </ul>
 * Every bad row is reported with its physical line number (a quoted value spanning lines counts from its first line)
 * and all of its reasons; parsing never stops at the first error. Blank lines, and rows whose values are all blank
 * (as spreadsheets save them), are ignored. Values are trimmed; passwords keep spaces only inside quotes.
 * Stateless and thread-safe.
 */
public final class PairsCsv {
    /** Largest file read, far above Microsoft's own limit of 50,000 rows. */
    static final int MAX_CHARS = 16 * 1024 * 1024;

    private static final String[] EXPORT_HEADER =
            {"SourceMailbox", "TargetMailbox", "SourceUser", "SourcePassword", "TargetUser", "TargetPassword"};
    private static final String[] EXPORT_HEADER_WITH_ROOT =
            {"SourceMailbox", "TargetMailbox", "SourceUser", "SourcePassword", "TargetUser", "TargetPassword",
                    "SourceRoot"};

    /** Parses a whole file; see the class comment for the layouts and checks. */
    public CsvImportResult parse(String text) {
        return parseWithLines(text).result();
    }

    /** A parse and the line each of its pairs was read from (in the order of {@code result().pairs()}). */
    public record Lines(CsvImportResult result, List<Integer> pairLines) {
    }

    /** {@link #parse(String)}, keeping the line of every good row, for checks that come after parsing. */
    public Lines parseWithLines(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        Parse parse = new Parse(body);
        CsvImportResult result = parse.run();
        return new Lines(result, List.copyOf(parse.pairLines));
    }

    /**
     * Reads {@code reader} to its end (at most 16 M characters) and parses it. The reader is not closed.
     *
     * @throws IOException when reading fails, or the file is larger than any pairs file has reason to be
     */
    public CsvImportResult parse(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n; (n = reader.read(buffer)) >= 0; ) {
            text.append(buffer, 0, n);
            if (text.length() > MAX_CHARS) {
                throw new IOException("The CSV file is larger than " + MAX_CHARS / 1024 / 1024
                        + " MB; split it into several files.");
            }
        }
        return parse(text.toString());
    }

    /**
     * Writes {@code pairs} in the pairs layout with all six columns, CRLF line ends. The password columns are always
     * empty: secrets are never exported (the service does not even hold them in a {@link MailboxPair}). Pairs without
     * their own logins import again as they are; a row with a SourceUser or TargetUser is refused on import, naming
     * its line, the user and the password column to fill in, until that password is filled in. A seventh column,
     * SourceRoot, is written when any pair has a source root.
     */
    public String export(List<MailboxPair> pairs) {
        boolean roots = pairs.stream().anyMatch(p -> p.sourceRoot() != null);
        // A separate write format: a reading format with skipHeaderRecord would drop the header on output too.
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(roots ? EXPORT_HEADER_WITH_ROOT : EXPORT_HEADER)
                .get();
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (MailboxPair pair : pairs) {
                List<String> values = new ArrayList<>(List.of(pair.sourceMailbox(), pair.targetMailbox(),
                        blankIfNull(pair.sourceUser()), "", blankIfNull(pair.targetUser()), ""));
                if (roots) {
                    values.add(blankIfNull(pair.sourceRoot()));
                }
                printer.printRecord(values.stream().map(CsvCell::neutral).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }

    /** One parse of one text; holds the running state. */
    private static final class Parse {
        private final String text;
        private final LineIndex lines;
        private final List<MailboxPairRequest> pairs = new ArrayList<>();
        private final List<Integer> pairLines = new ArrayList<>();
        private final List<RowError> errors = new ArrayList<>();
        private final Map<String, Integer> sourceLines = new HashMap<>();
        private CsvLayout layout;
        private Map<String, Integer> columns;
        private int width;

        Parse(String text) {
            this.text = text;
            this.lines = new LineIndex(text);
        }

        CsvImportResult run() {
            int headerLine = firstNonBlankLine();
            if (headerLine < 0) {
                errors.add(new RowError(1, "The file is empty; " + expected()));
                return result();
            }
            String headerText = lineText(headerLine);
            char delimiter = count(headerText, ';') > count(headerText, ',') ? ';' : ',';
            CSVFormat format = CSVFormat.DEFAULT.builder()
                    .setDelimiter(delimiter)
                    .setIgnoreSurroundingSpaces(true)
                    .setIgnoreEmptyLines(false) // keeps each record's character position on its own line
                    .get();
            if (readHeader(headerLine, headerText, format)) {
                readRows(headerLine + 1, format);
            }
            return result();
        }

        private CsvImportResult result() {
            String format = layout == null ? null : layout.format();
            return new CsvImportResult(format, List.copyOf(pairs), List.copyOf(errors));
        }

        private boolean readHeader(int line, String headerText, CSVFormat format) {
            List<String> names;
            try (CSVParser parser = CSVParser.parse(headerText, format)) {
                names = parser.getRecords().get(0).toList();
            } catch (IOException | UncheckedIOException e) {
                String why = quoteProblem(e);
                errors.add(new RowError(line, "The header row cannot be read: "
                        + Character.toLowerCase(why.charAt(0)) + why.substring(1, why.length() - 1) + "; " + expected()));
                return false;
            }
            Map<String, Integer> keys = new LinkedHashMap<>();
            boolean twice = false;
            for (int i = 0; i < names.size(); i++) {
                String key = CsvLayout.key(names.get(i));
                // Spreadsheets often save a trailing empty column; it holds nothing and is ignored.
                if (!key.isEmpty() && keys.putIfAbsent(key, i) != null) {
                    twice = true;
                }
            }
            CsvLayout guess = CsvLayout.guess(keys.keySet());
            List<String> problems = new ArrayList<>();
            if (guess == null) {
                // never echo the row: a file without a header starts with a data row, passwords included
                problems.add("the first row is not a header Mailferry knows (its values are not repeated here: they"
                        + " may include a password)");
            } else {
                if (twice) {
                    problems.add("a column name appears twice");
                }
                for (String name : names) {
                    if (!name.isBlank() && guess.canonical(name) == null) {
                        problems.add("unknown column \"" + name.strip() + "\"");
                    }
                }
                for (String column : guess.required()) {
                    if (!keys.containsKey(CsvLayout.key(column))) {
                        problems.add("missing column " + column);
                    }
                }
            }
            if (!problems.isEmpty()) {
                errors.add(new RowError(line, Sentences.capitalized(problems) + " " + capitalize(expected())));
                return false;
            }
            layout = guess;
            columns = keys;
            width = names.size();
            return true;
        }

        private void readRows(int firstLine, CSVFormat format) {
            int from = firstLine;
            while (from <= lines.lineCount()) {
                from = readChunk(from, format);
            }
        }

        /**
         * Parses from {@code firstLine} to the end or to the first malformed record; returns the line to resume at
         * (past the end when done). Resuming on the line after a malformed record's first line keeps one broken
         * quote from hiding every later row.
         */
        private int readChunk(int firstLine, CSVFormat format) {
            int base = lines.startOf(firstLine);
            int consumedLines = 0;
            try (CSVParser parser = CSVParser.parse(text.substring(base), format)) {
                for (CSVRecord record : parser) {
                    consumedLines = (int) parser.getCurrentLineNumber();
                    row(lines.lineOf(base + record.getCharacterPosition()), record.toList());
                }
                return Integer.MAX_VALUE;
            } catch (IOException | UncheckedIOException e) {
                int bad = firstNonBlankLineFrom(firstLine + consumedLines);
                errors.add(new RowError(bad, quoteProblem(e)));
                return bad + 1;
            }
        }

        private static String quoteProblem(Exception e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("EOF reached before encapsulated token finished")) {
                return "Unterminated quote: a value starts with \" but is never closed.";
            }
            if (message.contains("Invalid character between encapsulated token and delimiter")) {
                return "Text after a closing quote: a quoted value must be followed by a delimiter or the line end.";
            }
            return "The row cannot be read as CSV.";
        }

        private void row(int line, List<String> values) {
            if (values.stream().allMatch(String::isBlank)) {
                return;
            }
            if (values.size() != width) {
                String hint = values.size() > width
                        ? "too many values; quote values that contain the delimiter"
                        : "too few values";
                errors.add(new RowError(line, "Row has " + values.size() + " values but the header has " + width
                        + " columns (" + hint + ")."));
                return;
            }
            List<String> problems = new ArrayList<>();
            MailboxPairRequest pair = layout == CsvLayout.MICROSOFT_IMAP
                    ? microsoftRow(values, problems)
                    : pairsRow(values, problems);
            String source = pair.sourceMailbox();
            if (!source.isEmpty()) {
                Integer first = sourceLines.putIfAbsent(source.toLowerCase(Locale.ROOT), line);
                if (first != null) {
                    problems.add("duplicate source mailbox \"" + source + "\" (also on line " + first + ")");
                }
            }
            if (problems.isEmpty()) {
                pairs.add(pair);
                pairLines.add(line);
            } else {
                errors.add(new RowError(line, Sentences.capitalized(problems)));
            }
        }

        private MailboxPairRequest microsoftRow(List<String> values, List<String> problems) {
            String target = value(values, "EmailAddress");
            String user = value(values, "UserName");
            String password = raw(values, "Password");
            String userRoot = value(values, "UserRoot");
            checkAddress(target, "target address", "EmailAddress", true, problems);
            if (user.isEmpty()) {
                problems.add("missing source login (UserName)");
            } else if (password.isEmpty()) {
                problems.add(noPassword("UserName", user, "Password"));
            }
            MailboxPairRequest pair = new MailboxPairRequest(mailboxOfLogin(user), target, user, Secret.of(password),
                    null, null, userRoot);
            if (pair.sourceRoot() == null) {
                return pair;
            }
            // the administrator login is shared by many rows: the root's last segment names this user's mailbox
            String root = pair.sourceRoot();
            return new MailboxPairRequest(root.substring(root.lastIndexOf('/') + 1), target, user,
                    Secret.of(password), null, null, root);
        }

        private MailboxPairRequest pairsRow(List<String> values, List<String> problems) {
            String source = value(values, "SourceMailbox");
            String target = value(values, "TargetMailbox");
            checkAddress(source, "source mailbox", "SourceMailbox", false, problems);
            checkAddress(target, "target mailbox", "TargetMailbox", false, problems);
            String sourceUser = value(values, "SourceUser");
            String sourcePassword = raw(values, "SourcePassword");
            String targetUser = value(values, "TargetUser");
            String targetPassword = raw(values, "TargetPassword");
            checkCredentials("Source", sourceUser, sourcePassword, problems);
            checkCredentials("Target", targetUser, targetPassword, problems);
            return new MailboxPairRequest(source, target, nullIfEmpty(sourceUser),
                    sourcePassword.isEmpty() ? null : Secret.of(sourcePassword), nullIfEmpty(targetUser),
                    targetPassword.isEmpty() ? null : Secret.of(targetPassword), value(values, "SourceRoot"));
        }

        private static void checkAddress(String value, String what, String column, boolean addressOnly,
                List<String> problems) {
            if (value.isEmpty()) {
                problems.add("missing " + what + " (" + column + ")");
            } else if ((addressOnly || value.contains("@")) && !EmailAddresses.isValid(value)) {
                problems.add("invalid email address \"" + value + "\" in " + column);
            } else if (!addressOnly && value.chars().anyMatch(Character::isWhitespace)) {
                problems.add(what + " \"" + value + "\" contains a space");
            }
        }

        private static void checkCredentials(String side, String user, String password, List<String> problems) {
            if (!user.isEmpty() && password.isEmpty()) {
                problems.add(noPassword(side + "User", user, side + "Password"));
            } else if (user.isEmpty() && !password.isEmpty()) {
                problems.add(side + "Password is given without a " + side + "User");
            }
        }

        /**
         * Names the login and the column to fill in: the usual cause is a file written by {@link #export}, whose
         * password cells are always empty.
         */
        private static String noPassword(String userColumn, String user, String passwordColumn) {
            return "no password for " + userColumn + " \"" + user + "\": fill in the " + passwordColumn + " column";
        }

        /**
         * The mailbox an IMAP login opens: the user part of an administrator login (Dovecot/Cyrus/Zimbra
         * {@code anna*admin}, Exchange {@code domain/admin/anna}); the login itself otherwise.
         */
        private static String mailboxOfLogin(String login) {
            int star = login.indexOf('*');
            if (star > 0) {
                return login.substring(0, star);
            }
            String[] parts = login.split("/", -1);
            if (parts.length == 3 && !parts[2].isEmpty()) {
                return parts[2];
            }
            return login;
        }

        private String value(List<String> values, String column) {
            return CsvCell.original(raw(values, column).strip());
        }

        private String raw(List<String> values, String column) {
            Integer index = columns.get(CsvLayout.key(column));
            return index == null ? "" : values.get(index);
        }

        private static String nullIfEmpty(String value) {
            return value.isEmpty() ? null : value;
        }

        private int firstNonBlankLine() {
            return firstNonBlankLineFrom(1);
        }

        private int firstNonBlankLineFrom(int line) {
            for (int i = Math.max(1, line); i <= lines.lineCount(); i++) {
                if (!lineText(i).isBlank()) {
                    return i;
                }
            }
            return line <= 1 ? -1 : Math.min(line, lines.lineCount());
        }

        private String lineText(int line) {
            int start = lines.startOf(line);
            int end = line < lines.lineCount() ? lines.startOf(line + 1) : text.length();
            return text.substring(start, end).stripTrailing();
        }

        private static int count(String text, char c) {
            return (int) text.chars().filter(ch -> ch == c).count();
        }

        private static String expected() {
            return "expected a header " + CsvLayout.MICROSOFT_IMAP.synopsis() + " (Microsoft IMAP migration) or "
                    + CsvLayout.PAIRS.synopsis() + " (pairs).";
        }

        private static String capitalize(String s) {
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
