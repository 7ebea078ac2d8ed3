package io.mailferry.service.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the data directory can take what the service writes (ledger rows, reports, logs), and the temporary
 * directory the large messages it copies (spooled while they pass): enough free space and a probe file that can be
 * written, synced and deleted in each. The answer is kept a few seconds so that frequent health polls
 * cost nothing, and no caller ever waits for another one's check (a slow disk must not hold up health polls): while
 * one caller checks, the others get the last answer. Thread-safe without locks.
 */
public final class StoreHealth {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StoreHealth.class);
    /** Below this the next pass could fill the disk between two checks. */
    static final long MIN_FREE_BYTES = 64L << 20;
    private static final Duration KEEP = Duration.ofSeconds(5);
    private static final String PROBE = ".health-probe";

    private final Path dataDir;
    private final Path tempDir;
    private final Clock clock;
    private final long minFree;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile String last;
    private volatile Instant checkedAt = Instant.MIN;
    private volatile String logged;

    public StoreHealth(Path dataDir) {
        this(dataDir, Clock.systemUTC(), MIN_FREE_BYTES);
    }

    StoreHealth(Path dataDir, Clock clock, long minFree) {
        this(dataDir, Path.of(System.getProperty("java.io.tmpdir")), clock, minFree);
    }

    StoreHealth(Path dataDir, Path tempDir, Clock clock, long minFree) {
        this.dataDir = dataDir;
        this.tempDir = tempDir;
        this.clock = clock;
        this.minFree = minFree;
    }

    /** Null when the store is writable, else one sentence naming the disk or the path and the cause. */
    public String problem() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(KEEP)) || !checking.compareAndSet(false, true)) {
            return last;
        }
        try {
            last = check();
            checkedAt = now;
            return last;
        } finally {
            checking.set(false);
        }
    }

    private String check() {
        String data = check("The data directory " + dataDir, "The disk holding the data directory " + dataDir,
                "so migrations can record their progress", dataDir);
        return data != null ? data : check("The temporary directory " + tempDir,
                "The disk holding the temporary directory " + tempDir, "so large messages can be copied", tempDir);
    }

    private String check(String directory, String disk, String why, Path dir) {
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < minFree) {
                return disk + " has only " + (free >> 20) + " MB free; free some space " + why + ".";
            }
        } catch (IOException e) {
            note(dir, e);
            return directory + " cannot be read: " + reason(e);
        }
        Path probe = dir.resolve(PROBE);
        try {
            Files.write(probe, new byte[] {'o', 'k'}, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.deleteIfExists(probe);
            return null;
        } catch (IOException e) {
            note(dir, e);
            return directory + " is not writable: " + reason(e);
        }
    }

    /** Logs the operating system's words for the admin's sentence once, not at every health poll. */
    private void note(Path dir, IOException e) {
        String words = dir + ": " + e;
        if (!words.equals(logged)) {
            logged = words;
            log.warn("Health check of {} failed: {}", dir, e.toString());
        }
    }

    /** The cause in plain words; the operating system's own words go to the log, not to the admin. */
    private static String reason(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (m.contains("no space")) {
            return "the disk is full.";
        }
        if (m.contains("read-only")) {
            return "the file system is read-only.";
        }
        if (e instanceof java.nio.file.AccessDeniedException || m.contains("permission")) {
            return "the service's user may not write there.";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "it does not exist.";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            return "it is not a directory the service can write to (the service log has the details).";
        }
        return "the operating system refused (the service log has the details).";
    }
}
