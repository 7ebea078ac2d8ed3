package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spooled bodies live in a directory of their process; what killed processes left behind goes at the next spool. */
class SpoolDirectoryTest {
    private static final long ME = ProcessHandle.current().pid();
    private static final long DEAD = 2_000_000_000L; // above any Linux pid_max

    @TempDir
    Path tmp;

    @Test
    void aSpooledBodyShouldLiveInAnOwnerOnlyDirectoryOfThisProcessAndGoWhenClosed() throws Exception {
        byte[] large = new byte[BufferedContent.DEFAULT_MEMORY_LIMIT + 1];
        Path file;
        try (BufferedContent content = BufferedContent.read(new ByteArrayInputStream(large))) {
            assertThat(content.spooled()).isTrue();
            file = spoolFileOf(content);
            assertThat(file).exists().hasSize(large.length);
            Path dir = file.getParent();
            assertThat(dir.getFileName().toString()).startsWith(SpoolDirectory.PREFIX + ME + "-");
            assertThat(dir.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toRealPath());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void theSpoolOfAProcessThatNoLongerRunsShouldGoAndNothingElse() throws Exception {
        Path dead = spool(DEAD, "a1b2");
        Path live = spool(ME, "c3d4");
        Path other = Files.createDirectories(tmp.resolve("mailferry-demo-42"));
        Files.writeString(other.resolve("keep.txt"), "x");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("precious.eml"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve(SpoolDirectory.PREFIX + DEAD + "-link"), elsewhere);
        Files.createSymbolicLink(dead.resolve("through"), elsewhere.resolve("precious.eml"));

        int removed = SpoolDirectory.sweep(tmp, pid -> pid == ME, Instant.now(), SpoolDirectory.owner(tmp));

        assertThat(dead).doesNotExist();
        assertThat(removed).isEqualTo(3); // its two bodies and the link in it, never what the link points to
        assertThat(live.resolve("mailferry-msg-1.eml")).exists();
        assertThat(other.resolve("keep.txt")).exists();
        assertThat(link).exists();
        assertThat(elsewhere.resolve("precious.eml")).exists();
    }

    @Test
    void spoolFilesOfEarlierVersionsShouldGoOnlyOnceADayOld() throws Exception {
        Instant now = Instant.now();
        Path old = Files.writeString(tmp.resolve("mailferry-msg-123.eml"), "x");
        Files.setLastModifiedTime(old, FileTime.from(now.minus(SpoolDirectory.LEGACY_AGE).minusSeconds(60)));
        Path oldGraph = Files.writeString(tmp.resolve("mailferry-graph-9.eml"), "x");
        Files.setLastModifiedTime(oldGraph, FileTime.from(now.minus(Duration.ofDays(3))));
        Path recent = Files.writeString(tmp.resolve("mailferry-msg-456.eml"), "x"); // a running older version's
        Path notOurs = Files.writeString(tmp.resolve("mail-msg-1.eml"), "x");
        Files.setLastModifiedTime(notOurs, FileTime.from(now.minus(Duration.ofDays(3))));

        assertThat(SpoolDirectory.sweep(tmp, pid -> true, now, SpoolDirectory.owner(tmp))).isEqualTo(2);

        assertThat(old).doesNotExist();
        assertThat(oldGraph).doesNotExist();
        assertThat(recent).exists();
        assertThat(notOurs).exists();
    }

    @Test
    void entriesOfAnotherOwnerShouldStay() throws Exception {
        Path dead = spool(DEAD, "e5f6");
        var stranger = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        assertThat(SpoolDirectory.sweep(tmp, pid -> false, Instant.now(), stranger)).isZero();
        assertThat(dead.resolve("mailferry-msg-1.eml")).exists();
    }

    private Path spool(long pid, String suffix) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(SpoolDirectory.PREFIX + pid + "-" + suffix));
        Files.writeString(dir.resolve("mailferry-msg-1.eml"), "body");
        Files.writeString(dir.resolve("mailferry-graph-2.eml"), "body");
        return dir;
    }

    private static Path spoolFileOf(BufferedContent content) throws Exception {
        return content.spoolFile().toRealPath();
    }
}
