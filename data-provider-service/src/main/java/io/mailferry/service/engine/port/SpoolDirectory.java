package io.mailferry.service.engine.port;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Where this process spools message bodies too large to hold in memory: a directory of its own under the system's
 * temporary directory, made on first use with a random name (owner-only, as the JDK makes temporary directories on
 * POSIX file systems), holding a lock file that the process keeps locked while it runs. Each spool file goes when its
 * content is closed; a process killed meanwhile (kill -9, a crash, a power cut) leaves its files behind, up to two
 * batches' large bodies per worker. So the first spool of a process removes the directories whose lock nobody holds —
 * their process is gone; an operating-system lock, so a process in another container sharing the directory counts as
 * running — and the single spool files that versions before these directories left in the temporary directory itself
 * over a day ago: crashes do not fill the disk. Only what the same user owns is removed (nothing where the owner cannot
 * be read), and symbolic links are never followed.
 */
public final class SpoolDirectory {
    static final String PREFIX = "mailferry-spool-";
    static final String LOCK = ".lock";
    /** Spool files of earlier versions, written straight into the temporary directory. */
    private static final Pattern LEGACY = Pattern.compile("mailferry-(msg|graph)-.*\\.eml");
    static final Duration LEGACY_AGE = Duration.ofDays(1);
    /** A directory younger than this may be one another process is making (its lock not taken yet): left alone. */
    static final Duration MAKING = Duration.ofMinutes(1);

    private static Path dir; // guarded by the class
    private static FileChannel held; // the lock of dir, kept open (and locked) for the life of the process

    private SpoolDirectory() {
    }

    /** A new, empty spool file of this process ({@code prefix} names its kind). */
    public static Path newFile(String prefix) throws IOException {
        return Files.createTempFile(directory(), prefix, ".eml");
    }

    /** This process's spool directory, made (and the stale ones of stopped processes removed) on first use. */
    public static synchronized Path directory() throws IOException {
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            boolean first = dir == null;
            Path made = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
            FileChannel lock = FileChannel.open(made.resolve(LOCK), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            lock.lock();
            // at a normal exit the lock file goes, then the directory if empty (deleteOnExit: in reverse order)
            made.toFile().deleteOnExit();
            made.resolve(LOCK).toFile().deleteOnExit();
            if (held != null) {
                held.close(); // the directory it locked is gone (a cleaner of the temporary directory)
            }
            held = lock;
            dir = made;
            UserPrincipal me = first ? owner(made) : null; // only the process's first spool sweeps
            if (me != null) {
                sweep(made.getParent(), Instant.now(), me);
            }
        }
        return dir;
    }

    /**
     * Removes, under {@code parent}, the spool directories whose lock nobody holds and the legacy spool files last
     * written before {@code now} minus {@link #LEGACY_AGE}, only those {@code me} owns; returns how many files went.
     * Never throws: an entry that cannot go stays, and the others are still looked at.
     */
    static int sweep(Path parent, Instant now, UserPrincipal me) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                try {
                    if (name.startsWith(PREFIX) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                            && me.equals(owner(entry)) && !entry.equals(dir)) {
                        removed += removeIfStopped(entry, now);
                    } else if (LEGACY.matcher(name).matches()
                            && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && me.equals(owner(entry))
                            && Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant()
                                    .isBefore(now.minus(LEGACY_AGE))) {
                        removed += delete(entry);
                    }
                } catch (IOException | RuntimeException leftAsItIs) {
                    // the next process to spool looks again
                }
            }
        } catch (IOException | RuntimeException notReadable) {
            // nothing removed: the next process to spool looks again
        }
        return removed;
    }

    /**
     * The regular files directly in {@code spool} and its links (never what they point to), then the directory,
     * when the lock file in it is older than {@link #MAKING} and can be locked — its process is gone; how many
     * files went.
     */
    private static int removeIfStopped(Path spool, Instant now) throws IOException {
        Path lockFile = spool.resolve(LOCK);
        if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS) || Files.getLastModifiedTime(lockFile,
                LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(now.minus(MAKING))) {
            return 0; // being made right now (its lock about to be taken), or not ours
        }
        int removed = 0;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return 0; // its process runs
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
                for (Path f : files) {
                    if (!f.getFileName().toString().equals(LOCK) && (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                            || Files.isSymbolicLink(f))) {
                        removed += delete(f);
                    }
                }
            }
        } catch (OverlappingFileLockException thisProcess) {
            return 0; // locked by this very process (a directory it made before a cleaner removed its own)
        }
        delete(lockFile);
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

    /** The owner of {@code path} (not following a link), or null when it cannot be read. */
    static UserPrincipal owner(Path path) {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
