package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spooled bodies live in a directory of their process; what stopped processes left behind goes at the next spool. */
class SpoolDirectoryTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path tmp;

    @Test
    void aSpooledBodyShouldLiveInALockedOwnerOnlyDirectoryOfThisProcessAndGoWhenClosed() throws Exception {
        byte[] large = new byte[BufferedContent.DEFAULT_MEMORY_LIMIT + 1];
        Path file;
        try (BufferedContent content = BufferedContent.read(new ByteArrayInputStream(large))) {
            assertThat(content.spooled()).isTrue();
            file = content.spoolFile().toRealPath();
            assertThat(file).exists().hasSize(large.length);
            Path dir = file.getParent();
            assertThat(dir).isEqualTo(SpoolDirectory.directory().toRealPath());
            assertThat(dir.getFileName().toString())
                    .startsWith(SpoolDirectory.PREFIX + ProcessHandle.current().pid() + "-");
            assertThat(dir.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toRealPath());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(SpoolDirectory.sweep(dir.getParent(), NOW.plus(Duration.ofHours(1)), me()))
                    .as("its own directory, locked").isGreaterThanOrEqualTo(0);
            assertThat(file).exists();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void theSpoolOfAStoppedProcessShouldGoAndNothingElse() throws Exception {
        Path stopped = spool("a1b2", old());
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("precious.eml"), "x");
        Files.createSymbolicLink(stopped.resolve("through"), elsewhere.resolve("precious.eml"));
        Path link = Files.createSymbolicLink(tmp.resolve(SpoolDirectory.PREFIX + "1-link"), elsewhere);
        Path other = Files.createDirectories(tmp.resolve("mailferry-demo-42"));
        Files.writeString(other.resolve("keep.txt"), "x");

        assertThat(SpoolDirectory.sweep(tmp, NOW, me())).isEqualTo(3); // two bodies and the link, not its target

        assertThat(stopped).doesNotExist();
        assertThat(elsewhere.resolve("precious.eml")).exists();
        assertThat(link).exists();
        assertThat(other.resolve("keep.txt")).exists();
    }

    /** Another process holds the lock (a JVM of its own, as another Mailferry process would), then ends. */
    @Test
    void theSpoolOfARunningProcessShouldStay() throws Exception {
        Path running = spool("c3d4", old());
        Path holder = Files.writeString(tmp.resolve("Holder.java"), String.join("\n",
                "public class Holder {",
                "  public static void main(String[] a) throws Exception {",
                "    try (var c = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]),",
                "        java.nio.file.StandardOpenOption.WRITE); var l = c.lock()) {",
                "      System.out.println(\"locked\");",
                "      System.in.read();",
                "    }",
                "  }",
                "}"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                holder.toString(), running.resolve(SpoolDirectory.LOCK).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine())
                    .isEqualTo("locked");
            assertThat(SpoolDirectory.sweep(tmp, NOW, me())).isZero();
            assertThat(running.resolve("mailferry-msg-1.eml")).exists();
        } finally {
            p.getOutputStream().close();
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        assertThat(SpoolDirectory.sweep(tmp, NOW, me())).as("once its process is gone").isEqualTo(2);
    }

    /** This process's own lock: a directory it made before, which a cleaner of the temporary directory left. */
    @Test
    void aSpoolThisProcessHoldsShouldStay() throws Exception {
        Path mine = spool("k1l2", old());
        try (FileChannel channel = FileChannel.open(mine.resolve(SpoolDirectory.LOCK), StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            assertThat(SpoolDirectory.sweep(tmp, NOW, me())).isZero();
        }
        assertThat(mine.resolve("mailferry-msg-1.eml")).exists();
    }

    @Test
    void aSpoolBeingMadeOrWithoutItsLockShouldStay() throws Exception {
        Path young = spool("e5f6", NOW.minusSeconds(5)); // made a moment ago: its lock may not be taken yet
        Path lockless = spool("g7h8", old());
        Files.delete(lockless.resolve(SpoolDirectory.LOCK));

        assertThat(SpoolDirectory.sweep(tmp, NOW, me())).isZero();
        assertThat(young.resolve("mailferry-msg-1.eml")).exists();
        assertThat(lockless.resolve("mailferry-msg-1.eml")).exists();
    }

    @Test
    void spoolFilesOfEarlierVersionsShouldGoOnlyOnceADayOld() throws Exception {
        Path oldMsg = Files.writeString(tmp.resolve("mailferry-msg-123.eml"), "x");
        Files.setLastModifiedTime(oldMsg, FileTime.from(NOW.minus(SpoolDirectory.LEGACY_AGE).minusSeconds(60)));
        Path oldGraph = Files.writeString(tmp.resolve("mailferry-graph-9.eml"), "x");
        Files.setLastModifiedTime(oldGraph, FileTime.from(NOW.minus(Duration.ofDays(3))));
        Path recent = Files.writeString(tmp.resolve("mailferry-msg-456.eml"), "x"); // a running older version's
        Path notOurs = Files.writeString(tmp.resolve("mail-msg-1.eml"), "x");
        Files.setLastModifiedTime(notOurs, FileTime.from(NOW.minus(Duration.ofDays(3))));

        assertThat(SpoolDirectory.sweep(tmp, NOW, me())).isEqualTo(2);

        assertThat(oldMsg).doesNotExist();
        assertThat(oldGraph).doesNotExist();
        assertThat(recent).exists();
        assertThat(notOurs).exists();
    }

    @Test
    void entriesOfAnotherOwnerShouldStay() throws Exception {
        Path stopped = spool("i9j0", old());
        UserPrincipal stranger = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        assertThat(SpoolDirectory.sweep(tmp, NOW, stranger)).isZero();
        assertThat(stopped.resolve("mailferry-msg-1.eml")).exists();
    }

    /** A spool directory with two bodies and a lock file last written at {@code made}, nobody holding it. */
    private Path spool(String suffix, Instant made) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(SpoolDirectory.PREFIX + "4242-" + suffix));
        Files.writeString(dir.resolve("mailferry-msg-1.eml"), "body");
        Files.writeString(dir.resolve("mailferry-graph-2.eml"), "body");
        Path lock = Files.createFile(dir.resolve(SpoolDirectory.LOCK));
        Files.setLastModifiedTime(lock, FileTime.from(made));
        return dir;
    }

    private static Instant old() {
        return NOW.minus(SpoolDirectory.MAKING).minusSeconds(30);
    }

    private UserPrincipal me() {
        return SpoolDirectory.owner(tmp);
    }
}
