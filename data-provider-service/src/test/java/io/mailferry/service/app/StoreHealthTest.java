package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreHealthTest {
    @TempDir
    Path dir;

    @Test
    void aWritableDirectoryWithSpaceShouldBeHealthyAndLeaveNoProbeBehind() throws Exception {
        assertThat(new StoreHealth(dir, Clock.systemUTC(), 1).problem()).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void tooLittleFreeSpaceShouldBeNamedWithTheDirectory() {
        String problem = new StoreHealth(dir, Clock.systemUTC(), Long.MAX_VALUE).problem();
        assertThat(problem).contains(dir.toString()).contains("MB free").doesNotContain("Exception");
    }

    @Test
    void aDirectoryThatCannotTakeFilesShouldBeNotWritable() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("data"), "a file where the data directory should be");
        String problem = new StoreHealth(notADirectory, Clock.systemUTC(), 1).problem();
        assertThat(problem).startsWith("The data directory " + notADirectory + " is not writable: ")
                .doesNotContain("Exception");
    }

    @Test
    void theAnswerShouldBeKeptAFewSecondsThenCheckedAgain() throws Exception {
        RunnerFixture.MutableClock clock = new RunnerFixture.MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Path data = Files.createDirectory(dir.resolve("data"));
        StoreHealth health = new StoreHealth(data, clock, 1);
        assertThat(health.problem()).isNull();
        Files.delete(data);
        Files.writeString(data, "now a file");
        assertThat(health.problem()).as("kept for a few seconds").isNull();
        clock.advance(Duration.ofSeconds(6));
        assertThat(health.problem()).contains("is not writable");
    }

    @Test
    void aTemporaryDirectoryThatCannotTakeFilesShouldBeNamedInPlainWords() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path notADirectory = Files.writeString(dir.resolve("tmp"), "a file where the temporary directory should be");

        String problem = new StoreHealth(data, notADirectory, Clock.systemUTC(), 1).problem();

        assertThat(problem).startsWith("The temporary directory " + notADirectory + " is not writable: ")
                .doesNotContain("Exception").doesNotContain("Not a directory").doesNotContain("(" + notADirectory);
        Path missing = dir.resolve("gone");
        assertThat(new StoreHealth(data, missing, Clock.systemUTC(), 1).problem())
                .isEqualTo("The temporary directory " + missing + " cannot be read: it does not exist.");
    }
}
