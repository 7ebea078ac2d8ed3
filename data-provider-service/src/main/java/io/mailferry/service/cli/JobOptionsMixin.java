package io.mailferry.service.cli;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.MigrationType;
import io.mailferry.model.job.RenameRule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job options of {@code migrate} and {@code jobs create} (picocli mixin): the "What to copy" and "How to copy"
 * groups of the help, and their translation into {@link JobOptions}. A wrong value ends the command with exit code 2
 * and a sentence naming the option.
 */
final class JobOptionsMixin {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)B?", Pattern.CASE_INSENSITIVE);

    static final class Selection {
        @Option(names = "--folders-only", description = "Create the folder tree on the target, copy no items.")
        boolean foldersOnly;
        @Option(names = "--include", paramLabel = "GLOB", description = "Only folders matching (repeatable; * one "
                + "level, ** any levels), e.g. --include 'Projects/**'.")
        List<String> include = new ArrayList<>();
        @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out matching folders and their "
                + "subfolders (repeatable).")
        List<String> exclude = new ArrayList<>();
        @Option(names = "--kinds", paramLabel = "KINDS", description = "Kinds of folders to copy, comma-separated: "
                + "mail, calendar, contacts, tasks (default: all; an IMAP target takes mail only and reports the "
                + "others as not copied).")
        String kinds;
        @Option(names = "--rename", paramLabel = "REGEX=REPLACEMENT", description = "Rename target folders "
                + "(repeatable, first match wins), e.g. --rename '^Old/(.*)=Archive/$1'.")
        List<String> renames = new ArrayList<>();
        @Option(names = "--after", paramLabel = "DATE", description = "Only items received on or after DATE "
                + "(yyyy-mm-dd, UTC, or an ISO instant).")
        String after;
        @Option(names = "--before", paramLabel = "DATE", description = "Only items received before DATE.")
        String before;
        @Option(names = "--max-size", paramLabel = "BYTES", description = "Skip larger items, e.g. 25MB or 1048576.")
        String maxSize;
    }

    static final class Behaviour {
        @Option(names = "--duplicates", paramLabel = "skip|overwrite|create", description = "Items already on the "
                + "target before the first run: skip (default), overwrite, or create a second copy.")
        String duplicates;
        @Option(names = "--delete-source", description = "Move: delete each source item once verified on the target "
                + "(not with --sync-deletions).")
        boolean deleteSource;
        @Option(names = "--sync-deletions", description = "On each delta, delete on the target the items deleted on "
                + "the source since the last pass, but only those Mailferry copied and that are unchanged there "
                + "(off by default; not with --delete-source).")
        boolean syncDeletions;
        @Option(names = "--concurrency", paramLabel = "N", description = "Mailboxes migrated at once (default 20).")
        Integer concurrency;
        @Option(names = "--connections", paramLabel = "N",
                description = "Connections per server and mailbox, 1 to 16 (default: automatic, 2, or 4 over a slow "
                        + "link; on a fast link 1 while three or more mailboxes run).")
        Integer connections;
    }

    @Mixin
    @OptionSection(heading = "%nWhat to copy:%n", order = 4)
    Selection selection = new Selection();

    @Mixin
    @OptionSection(heading = "%nHow to copy:%n", order = 5)
    Behaviour behaviour = new Behaviour();

    /** The options given, defaults for the rest; a {@link CliException} (exit 2) naming a wrong option. */
    JobOptions toJobOptions() {
        List<RenameRule> renames = new ArrayList<>();
        for (String r : selection.renames) {
            int eq = r.indexOf('=');
            if (eq <= 0) {
                throw SideOptions.usage("--rename needs REGEX=REPLACEMENT, not '" + r + "'.");
            }
            renames.add(new RenameRule(r.substring(0, eq), r.substring(eq + 1)));
        }
        DuplicatePolicy duplicates = switch (behaviour.duplicates == null ? "skip"
                : behaviour.duplicates.toLowerCase(Locale.ROOT)) {
            case "skip" -> DuplicatePolicy.SKIP;
            case "overwrite" -> DuplicatePolicy.OVERWRITE;
            case "create" -> DuplicatePolicy.CREATE_DUPLICATE;
            default -> throw SideOptions.usage("--duplicates must be skip, overwrite or create.");
        };
        if (behaviour.deleteSource && behaviour.syncDeletions) {
            throw SideOptions.usage("--delete-source cannot be combined with --sync-deletions: one empties the"
                    + " source, the other follows it; choose one.");
        }
        positive(behaviour.concurrency, "--concurrency");
        positive(behaviour.connections, "--connections");
        return new JobOptions(selection.foldersOnly ? MigrationType.FOLDERS_ONLY : MigrationType.FULL,
                new FolderFilter(selection.include, selection.exclude, Set.of(), renames, kinds(selection.kinds)),
                date(selection.after, "--after"), date(selection.before, "--before"), size(selection.maxSize),
                duplicates, behaviour.deleteSource, behaviour.concurrency, behaviour.connections, null)
                .withDeletionSync(behaviour.syncDeletions);
    }

    /** "mail,calendar" as folder classes; null (every kind) when not given; exit 2 for an unknown word. */
    static Set<FolderClass> kinds(String text) {
        if (text == null) {
            return null;
        }
        Set<FolderClass> kinds = EnumSet.noneOf(FolderClass.class);
        for (String word : text.split(",")) {
            String w = word.strip().toLowerCase(Locale.ROOT);
            FolderClass kind = java.util.Arrays.stream(FolderClass.values()).filter(k -> k.word().equals(w))
                    .findFirst().orElseThrow(() -> SideOptions.usage("--kinds takes mail, calendar, contacts and "
                            + "tasks, separated by commas, not '" + word.strip() + "'."));
            kinds.add(kind);
        }
        return kinds;
    }

    private static void positive(Integer value, String option) {
        if (value != null && value < 1) {
            throw SideOptions.usage(option + " must be at least 1.");
        }
    }

    static Instant date(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw SideOptions.usage(option + " needs a date like 2024-12-31 or 2024-12-31T18:00:00Z, not '" + text
                    + "'.");
        }
    }

    static Long size(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw SideOptions.usage("--max-size needs a size like 25MB, 512K or 1048576, not '" + text + "'.");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }
}
