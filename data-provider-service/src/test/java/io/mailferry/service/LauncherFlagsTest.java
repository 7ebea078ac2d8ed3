package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the repository's launcher ({@code ./mailferry}) starts the JVM with, per command (ADR 0029, 0040, 0042, 0044):
 * the launcher runs in a copy of the repository's layout whose jar is up to date (so it builds nothing), with a
 * {@code java} on the PATH that writes down its arguments and environment instead of starting.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherFlagsTest {
    @TempDir
    Path root;

    @Test
    void aOneMailboxMigrateShouldHaveItsHeapCapped() throws Exception {
        assertThat(jvmFlags("migrate", "--source-host", "a")).contains("-Xmx176m", "-XX:+UseSerialGC", "-Xms64m",
                "-XX:NewRatio=1").doesNotContain("-XX:+UseParallelGC");
    }

    @Test
    void aMigrateOfManyMailboxesShouldRunWithTheServicesCapAndCollector() throws Exception {
        for (List<String> args : List.of(List.of("migrate", "--csv", "users.csv"), List.of("migrate", "--csv=users.csv"),
                List.of("migrate", "--concurrency", "4", "--csv", "users.csv"),
                List.of("migrate", "@options.txt"))) { // an argument file may name --csv
            assertThat(jvmFlags(args.toArray(String[]::new))).as(String.join(" ", args))
                    .contains("-Xmx640m", "-XX:+UseParallelGC")
                    .doesNotContain("-Xmx176m", "-XX:+UseSerialGC", "-Xms64m", "-XX:NewRatio=1");
        }
        assertThat(jvmFlags("jobs", "create", "--csv", "pairs.csv")).as("a client command that names a CSV")
                .contains("-XX:+UseSerialGC").noneMatch(f -> f.startsWith("-Xmx"));
    }

    @Test
    void theOtherCommandsShouldKeepAnUncappedHeap() throws Exception {
        for (String command : List.of("jobs", "demo", "connections", "license")) {
            assertThat(jvmFlags(command, "--help")).as(command).noneMatch(f -> f.startsWith("-Xmx"));
        }
    }

    @Test
    void theServiceShouldHaveItsOwnCapAndCollector() throws Exception {
        assertThat(jvmFlags("serve")).contains("-Xmx640m", "-XX:+UseParallelGC")
                .doesNotContain("-Xmx176m", "-XX:+UseSerialGC");
    }

    @Test
    void theAdminsOwnFlagsShouldComeAfterOursSoTheyWin() throws Exception {
        List<String> flags = jvmFlags(List.of("MAILFERRY_JAVA_OPTS=-Xmx1g"), "migrate");
        assertThat(flags.indexOf("-Xmx1g")).isGreaterThan(flags.indexOf("-Xmx176m")).isLessThan(flags.indexOf("-jar"));
    }

    @Test
    void commandsShouldUseTwoAllocatorArenasUnlessTheAdminSetsThem() throws Exception {
        jvmFlags("migrate");
        assertThat(Files.readString(root.resolve("arena")).strip()).isEqualTo("2");
        jvmFlags(List.of("MALLOC_ARENA_MAX=8"), "migrate");
        assertThat(Files.readString(root.resolve("arena")).strip()).isEqualTo("8");
        jvmFlags("serve");
        assertThat(Files.readString(root.resolve("arena")).strip()).as("the service keeps the C library's default")
                .isEqualTo("unset");
    }

    private List<String> jvmFlags(String... args) throws Exception {
        return jvmFlags(List.of(), args);
    }

    /** The arguments the launcher gave {@code java} for {@code args}, up to the command's own. */
    private List<String> jvmFlags(List<String> env, String... args) throws Exception {
        Path launcher = root.resolve("mailferry");
        if (!Files.exists(launcher)) {
            layout(launcher);
        }
        List<String> command = new ArrayList<>(List.of("env", "-u", "MAILFERRY_JAVA_OPTS", "-u", "MALLOC_ARENA_MAX",
                "PATH=" + root.resolve("bin") + ":/usr/bin:/bin"));
        command.addAll(env);
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> all = Files.readAllLines(root.resolve("args"));
        return all.subList(0, all.indexOf("-jar") + 2);
    }

    /** The launcher beside an empty pom, module folders and a jar newer than all of them; a recording java. */
    private void layout(Path launcher) throws Exception {
        Files.copy(Path.of("..", "mailferry"), launcher);
        Instant old = Instant.now().minusSeconds(3600);
        for (String dir : List.of("shared-model", "data-provider-service/target")) {
            Files.createDirectories(root.resolve(dir));
        }
        Path pom = Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path jar = Files.writeString(root.resolve("data-provider-service/target/mailferry-service.jar"), "");
        for (Path p : List.of(pom, root.resolve("shared-model"), root.resolve("data-provider-service"))) {
            Files.setLastModifiedTime(p, FileTime.from(old));
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        Path java = Files.createDirectories(root.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                for a in "$@"; do case "$a" in -XX:ArchiveClassesAtExit=*) exit 0 ;; esac; done
                printf '%s\\n' "$@" > "$(dirname "$0")/../args"
                printf '%s\\n' "${MALLOC_ARENA_MAX-unset}" > "$(dirname "$0")/../arena"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
