package io.mailferry.service.engine.port;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this process spools message bodies too large to hold in memory: a directory of its own under the system's
 * temporary directory, made on first use with a random name that carries the process id (owner-only, as the JDK makes
 * temporary directories on POSIX file systems). Each file goes when its content is closed; a process killed meanwhile
 * (kill -9, a crash, a power cut) leaves its files behind, up to a batch's large bodies per worker. So the first spool
 * of a process removes the directories of Mailferry processes that no longer run, and the single files that versions
 * before these directories left in the temporary directory itself over a day ago: crashes do not fill the disk. Only
 * what the same user owns is removed, and symbolic links are never followed.
 */
public final class SpoolDirectory {
    private static final Logger log = LoggerFactory.getLogger(SpoolDirectory.class);
    static final String PREFIX = "mailferry-spool-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
    /** Spool files of earlier versions, written straight into the temporary directory. */
    private static final Pattern LEGACY = Pattern.compile("mailferry-(msg|graph)-.*\\.eml");
    static final Duration LEGACY_AGE = Duration.ofDays(1);

    private static Path dir; // guarded by the class

    private SpoolDirectory() {
    }

    /** A new, empty spool file of this process ({@code prefix} names its kind). */
    public static Path newFile(String prefix) throws IOException {
        return Files.createTempFile(directory(), prefix, ".eml");
    }

    private static synchronized Path directory() throws IOException {
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path made = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
            made.toFile().deleteOnExit(); // empty by then unless a content was never closed
            if (dir == null) {
                int removed = sweep(made.getParent(), pid -> ProcessHandle.of(pid).isPresent(), Instant.now(),
                        owner(made));
                if (removed > 0) {
                    log.info("Removed {} spool file(s) that stopped Mailferry processes left in {}", removed,
                            made.getParent());
                }
            }
            dir = made;
        }
        return dir;
    }

    /**
     * Removes, under {@code parent}, the spool directories of processes {@code alive} says no longer run and the
     * legacy spool files last written before {@code now} minus {@link #LEGACY_AGE} — only those {@code me} owns (all,
     * where the file system knows no owners: null); returns how many files went. Never throws: what cannot go stays.
     */
    static int sweep(Path parent, LongPredicate alive, Instant now, UserPrincipal me) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Matcher ours = OURS.matcher(name);
                if (ours.matches() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && !alive.test(Long.parseLong(ours.group(1))) && sameOwner(entry, me)) {
                    removed += removeDirectory(entry);
                } else if (LEGACY.matcher(name).matches() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                        && sameOwner(entry, me) && olderThan(entry, now.minus(LEGACY_AGE))) {
                    removed += delete(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not look for stale spool files in {}: {}", parent, e.getMessage());
        }
        return removed;
    }

    /** The regular files directly in {@code spool} (it holds nothing else), then the directory; how many files went. */
    private static int removeDirectory(Path spool) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(f)) {
                    removed += delete(f); // a link itself, never what it points to
                }
            }
        }
        try {
            Files.deleteIfExists(spool);
        } catch (IOException notEmpty) {
            // something else is in it: left as it is
        }
        return removed;
    }

    private static int delete(Path file) {
        try {
            return Files.deleteIfExists(file) ? 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean olderThan(Path file, Instant limit) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        return modified.toInstant().isBefore(limit);
    }

    private static boolean sameOwner(Path entry, UserPrincipal me) {
        // an entry whose owner cannot be read is left alone, unless the file system knows no owners at all
        return me == null || me.equals(owner(entry));
    }

    static UserPrincipal owner(Path path) {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
