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
 * Whether the data directory can take what the service writes (ledger rows, reports, logs): enough free space and a
 * probe file that can be written, synced and deleted. The answer is kept a few seconds so that frequent health polls
 * cost nothing, and no caller ever waits for another one's check (a slow disk must not hold up health polls): while
 * one caller checks, the others get the last answer. Thread-safe without locks.
 */
public final class StoreHealth {
    /** Below this the next pass could fill the disk between two checks. */
    static final long MIN_FREE_BYTES = 64L << 20;
    private static final Duration KEEP = Duration.ofSeconds(5);
    private static final String PROBE = ".health-probe";

    private final Path dataDir;
    private final Clock clock;
    private final long minFree;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile String last;
    private volatile Instant checkedAt = Instant.MIN;

    public StoreHealth(Path dataDir) {
        this(dataDir, Clock.systemUTC(), MIN_FREE_BYTES);
    }

    StoreHealth(Path dataDir, Clock clock, long minFree) {
        this.dataDir = dataDir;
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
        try {
            long free = Files.getFileStore(dataDir).getUsableSpace();
            if (free < minFree) {
                return "The disk holding the data directory " + dataDir + " has only " + (free >> 20)
                        + " MB free; free some space so migrations can record their progress.";
            }
        } catch (IOException e) {
            return "The data directory " + dataDir + " cannot be read: " + reason(e);
        }
        Path probe = dataDir.resolve(PROBE);
        try {
            Files.write(probe, new byte[] {'o', 'k'}, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.deleteIfExists(probe);
            return null;
        } catch (IOException e) {
            return "The data directory " + dataDir + " is not writable: " + reason(e);
        }
    }

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
        return "the operating system refused (" + (e.getMessage() == null ? "no details" : e.getMessage()) + ").";
    }
}
