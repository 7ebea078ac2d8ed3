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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the launchers start the JVM with, per command (ADR 0029, 0040, 0042, 0044, 0048): the repository's
 * {@code ./mailferry} and an installed Linux image's {@code bin/mailferry} ({@code installer/linux/mailferry}), which
 * share one list of flags. Each runs in a copy of its layout — the repository's with a jar newer than its sources, so
 * it builds nothing; the image's with its runtime — with a {@code java} that writes down its arguments and environment
 * instead of starting.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherFlagsTest {
    @TempDir
    Path root;

    enum Launcher { REPOSITORY, INSTALLED }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void aOneMailboxMigrateShouldHaveItsHeapCapped(Launcher launcher) throws Exception {
        assertThat(jvmFlags(launcher, "migrate", "--source-host", "a")).contains("-Xmx176m", "-XX:+UseSerialGC",
                "-Xms96m", "-XX:NewRatio=1", "-XX:-FlightRecorder").doesNotContain("-XX:+UseParallelGC", "-Xms64m");
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void aMigrateWithNeitherSideEncryptedShouldRunTheQuickCompilerAlone(Launcher launcher) throws Exception {
        for (List<String> args : List.of(
                List.of("migrate", "--source-security", "none", "--target-security", "none"),
                List.of("migrate", "--target-security=NONE", "--source-host", "a", "--source-security=None"),
                List.of("migrate", "--source-security", "none", "--target-security", "none", "--csv", "u.csv"))) {
            assertThat(jvmFlags(launcher, args.toArray(String[]::new))).as(String.join(" ", args))
                    .contains("-XX:TieredStopAtLevel=1", "-XX:C1MaxInlineLevel=3")
                    .noneMatch(f -> f.startsWith("-XX:Tier4") || f.contains("com.sun.crypto"));
        }
        assertThat(jvmFlags(launcher, "migrate", "--source-security", "none", "--target-security", "none"))
                .as("one mailbox's heap and collector, as when encrypted; one compiler thread")
                .contains("-Xms96m", "-Xmx176m", "-XX:+UseSerialGC", "-XX:-FlightRecorder", "-XX:CICompilerCount=1");
        assertThat(recorded(launcher, "arena")).isEqualTo("2");
        assertThat(jvmFlags(launcher, "migrate", "--source-security", "none", "--target-security", "none", "--csv",
                "u.csv")).contains("-Xmx640m", "-XX:+UseParallelGC").doesNotContain("-XX:CICompilerCount=1");
        for (List<String> args : List.of(List.of("migrate", "--source-security", "none"),
                List.of("migrate", "--source-security", "none", "--target-security", "starttls"),
                List.of("migrate", "--source-user", "none", "--target-user", "none"),
                List.of("migrate", "--source-security", "none", "--target-security", "none", "@more.txt"),
                List.of("serve"), List.of("jobs", "list"))) {
            assertThat(jvmFlags(launcher, args.toArray(String[]::new))).as("TLS may be used: " + args)
                    .contains("-XX:Tier4InvocationThreshold=50000").doesNotContain("-XX:CICompilerCount=1")
                    .anyMatch(f -> f.contains("com.sun.crypto")).doesNotContain("-XX:TieredStopAtLevel=1");
        }
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void aMigrateOfManyMailboxesShouldRunWithTheServicesCapAndCollector(Launcher launcher) throws Exception {
        for (List<String> args : List.of(List.of("migrate", "--csv", "users.csv"), List.of("migrate", "--csv=users.csv"),
                List.of("migrate", "--concurrency", "4", "--csv", "users.csv"),
                List.of("migrate", "@options.txt"))) { // an argument file may name --csv
            assertThat(jvmFlags(launcher, args.toArray(String[]::new))).as(String.join(" ", args))
                    .contains("-Xmx640m", "-XX:+UseParallelGC", "-XX:NewRatio=1", "-XX:-FlightRecorder",
                            "-XX:-UsePerfData")
                    .doesNotContain("-Xmx176m", "-XX:+UseSerialGC", "-Xms64m");
        }
        assertThat(jvmFlags(launcher, "jobs", "create", "--csv", "pairs.csv")).as("a client command that names a CSV")
                .contains("-XX:+UseSerialGC").noneMatch(f -> f.startsWith("-Xmx"));
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void theOtherCommandsShouldKeepAnUncappedHeap(Launcher launcher) throws Exception {
        for (String command : List.of("jobs", "demo", "connections", "license")) {
            assertThat(jvmFlags(launcher, command, "--help")).as(command).noneMatch(f -> f.startsWith("-Xmx"))
                    .contains("-XX:+UseSerialGC");
        }
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void theServiceShouldHaveItsOwnCapAndCollector(Launcher launcher) throws Exception {
        assertThat(jvmFlags(launcher, "serve")).contains("-Xmx640m", "-XX:+UseParallelGC", "-XX:NewRatio=1")
                .doesNotContain("-Xmx176m", "-XX:+UseSerialGC", "-XX:-FlightRecorder");
    }

    /** ADR 0055: the large heaps ask for the kernel's huge pages where this machine offers them, the small ones never. */
    @ParameterizedTest
    @EnumSource(Launcher.class)
    void theLargeHeapsShouldAskForHugePagesWhereTheKernelOffersThem(Launcher launcher) throws Exception {
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean offered = Files.isReadable(setting) && Files.readString(setting).matches("(?s).*\\[(always|madvise)\\].*");
        for (List<String> args : List.of(List.of("serve"), List.of("migrate", "--csv", "users.csv"),
                List.of("migrate", "--source-security", "none", "--target-security", "none", "--csv", "u.csv"))) {
            assertThat(jvmFlags(launcher, args.toArray(String[]::new)).contains("-XX:+UseTransparentHugePages"))
                    .as(args + " on a kernel that " + (offered ? "offers" : "does not offer") + " them")
                    .isEqualTo(offered);
        }
        for (List<String> args : List.of(List.of("migrate", "--source-host", "a"), List.of("jobs", "list"))) {
            assertThat(jvmFlags(launcher, args.toArray(String[]::new))).as(String.join(" ", args))
                    .doesNotContain("-XX:+UseTransparentHugePages");
        }
    }

    @Test
    void hugePagesShouldBeAskedForOnlyWhenTheSettingOffersThemToAProgramThatAsks() throws Exception {
        // the kernel's file marks the setting in force with brackets (Documentation/admin-guide/mm/transhuge.rst)
        for (String setting : List.of("[always] madvise never", "always [madvise] never\n")) {
            assertThat(hugePagesFlag(setting)).as(setting).isEqualTo("-XX:+UseTransparentHugePages");
        }
        for (String setting : List.of("always madvise [never]\n", "", "madvise")) {
            assertThat(hugePagesFlag(setting)).as(setting).isEmpty();
        }
        assertThat(hugePagesFlag(null)).as("no such file: another system, or no such kernel feature").isEmpty();
    }

    /** What {@code mailferry_huge_pages} prints for a settings file holding {@code setting} (none: no file). */
    private String hugePagesFlag(String setting) throws Exception {
        Path file = root.resolve("enabled");
        Files.deleteIfExists(file);
        if (setting != null) {
            Files.writeString(file, setting);
        }
        Process p = new ProcessBuilder("sh", "-c", ". \"$0\" && mailferry_huge_pages \"$1\"",
                Path.of("..", JVM_OPTIONS).toAbsolutePath().toString(), file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void theServiceShouldLeaveItsCapToJavaToolOptionsThatSetIt(Launcher launcher) throws Exception {
        // the installed service's settings cap its heap there (mailferry.conf), which a flag of ours would override
        for (String own : List.of("-Dx=y -Xmx704m", "-XX:MaxRAMPercentage=50", "-Dx=y\t-XX:MaxHeapSize=1g")) {
            assertThat(jvmFlags(launcher, List.of("JAVA_TOOL_OPTIONS=" + own), "serve")).as(own)
                    .contains("-XX:+UseParallelGC").noneMatch(f -> f.startsWith("-Xmx"));
        }
        assertThat(jvmFlags(launcher, List.of("JAVA_TOOL_OPTIONS=-Dfile.encoding=UTF-8"), "serve")).contains("-Xmx640m");
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void theAdminsOwnFlagsShouldComeAfterOursSoTheyWin(Launcher launcher) throws Exception {
        jvmFlags(launcher, "--version"); // lays the launcher out
        Files.writeString(root.resolve("-Dx=a-file"), ""); // in the directory the command runs in
        List<String> flags = jvmFlags(launcher, List.of("MAILFERRY_JAVA_OPTS=-Xmx1g -Dx=*"), "migrate");
        assertThat(flags.indexOf("-Xmx1g")).isGreaterThan(flags.indexOf("-Xmx176m")).isLessThan(flags.indexOf("-jar"));
        assertThat(flags).as("never expanded as file names").contains("-Dx=*");
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void anAdminsOwnCompilerChoiceShouldGetNoSingleCompilerThreadThatWouldStopTheJvm(Launcher launcher)
            throws Exception {
        jvmFlags(launcher, "--version"); // lays the launcher out
        for (String own : List.of("-XX:TieredStopAtLevel=4", "-XX:+TieredCompilation", "-XX:CICompilerCount=3",
                "-XX:CompilationMode=high-only", "-Xint")) {
            assertThat(jvmFlags(launcher, List.of("MAILFERRY_JAVA_OPTS=" + own), "migrate", "--source-security",
                    "none", "--target-security", "none")).as(own).contains(own)
                    .doesNotContain("-XX:CICompilerCount=1"); // tiered compilation needs at least two
        }
        assertThat(jvmFlags(launcher, List.of("MAILFERRY_JAVA_OPTS=-Xmx150m"), "migrate", "--source-security", "none",
                "--target-security", "none")).contains("-XX:CICompilerCount=1");
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void anAdminsCapShouldKeepMigratesFirstHeapSmall(Launcher launcher) throws Exception {
        jvmFlags(launcher, "--version"); // lays the launcher out
        assertThat(jvmFlags(launcher, List.of("MAILFERRY_JAVA_OPTS=-Xmx80m"), "migrate"))
                .as("a first heap of 96 MB would stop the JVM under an 80 MB cap").contains("-Xms64m", "-Xmx80m")
                .doesNotContain("-Xms96m");
        assertThat(jvmFlags(launcher, List.of("JAVA_TOOL_OPTIONS=-XX:MaxHeapSize=90m"), "migrate"))
                .doesNotContain("-Xms96m");
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void commandsShouldUseTwoAllocatorArenasUnlessTheAdminSetsThem(Launcher launcher) throws Exception {
        jvmFlags(launcher, "migrate");
        assertThat(recorded(launcher, "arena")).isEqualTo("2");
        jvmFlags(launcher, List.of("MALLOC_ARENA_MAX=8"), "migrate");
        assertThat(recorded(launcher, "arena")).isEqualTo("8");
        jvmFlags(launcher, "serve");
        assertThat(recorded(launcher, "arena")).as("the service keeps the C library's default").isEqualTo("unset");
    }

    @Test
    void theInstalledCommandShouldRunTheImagesRuntimeWithItsArchiveAndSqliteFromAnyLinkToIt() throws Exception {
        jvmFlags(Launcher.INSTALLED, "--version"); // lays the image out
        Path image = root.resolve("image");
        Files.createDirectories(image.resolve("lib/app/native"));
        Files.writeString(image.resolve("lib/app/native/libsqlitejdbc.so"), "");
        Files.writeString(image.resolve("lib/app/mailferry.jsa"), "");
        Path link = Files.createDirectories(root.resolve("usr/bin")).resolve("mailferry");
        Files.createSymbolicLink(link, image.resolve("bin/mailferry"));
        List<String> flags = run(Launcher.INSTALLED, link, List.of(), "jobs", "list");
        assertThat(Files.readString(image.resolve("lib/runtime/bin/args"))).as("the image's own java ran").isNotEmpty();
        assertThat(flags).contains("-XX:SharedArchiveFile=" + image.resolve("lib/app/mailferry.jsa"),
                "-Dorg.sqlite.lib.path=" + image.resolve("lib/app/native"), "-Dorg.sqlite.lib.name=libsqlitejdbc.so")
                .endsWith("-jar", image.resolve("lib/app/mailferry-service.jar").toString());
        List<String> all = Files.readAllLines(image.resolve("lib/runtime/bin/args"));
        assertThat(all.subList(all.indexOf("-jar") + 2, all.size())).containsExactly("jobs", "list");
    }

    @Test
    void theInstalledCommandShouldGoWithoutAnArchiveOrSqliteLibraryTheImageLacks() throws Exception {
        assertThat(jvmFlags(Launcher.INSTALLED, "migrate")).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile"))
                .noneMatch(f -> f.startsWith("-Dorg.sqlite"));
    }

    /**
     * The archive of the migration's classes (ADR 0029, 0048): made with the commands' flags whatever the command that
     * found it missing, written whole under its name, and mapped from then on; a training that makes none leaves none.
     */
    @Test
    @EnabledOnOs(OS.LINUX) // the archive's training is bounded with GNU timeout
    void theRepositorysArchiveShouldBeMadeWithTheCommandsFlagsAndThenMapped() throws Exception {
        jvmFlags(Launcher.REPOSITORY, "--version"); // lays it out; its java makes no archive
        Path archive = root.resolve("data-provider-service/target/mailferry-service.jsa");
        assertThat(archive).doesNotExist();
        assertThat(root.resolve("data-provider-service/target")).isDirectoryNotContaining("glob:**/.archive.*");
        Path java = root.resolve("bin/java");
        Files.writeString(java, """
                #!/bin/sh
                for a in "$@"; do case "$a" in
                    -XX:ArchiveClassesAtExit=*) printf '%s\\n' "$@" > "$(dirname "$0")/training"
                        printf 'archive' > "${a#-XX:ArchiveClassesAtExit=}"; exit 0 ;;
                esac; done
                printf '%s\\n' "$@" > "$(dirname "$0")/args"
                """);
        List<String> flags = jvmFlags(Launcher.REPOSITORY, "serve");
        assertThat(Files.readAllLines(root.resolve("bin/training"))).as("trained as a command, not as serve")
                .contains("-XX:+UseSerialGC", "archive-training").noneMatch(f -> f.startsWith("-Xmx"));
        assertThat(Files.readString(archive)).isEqualTo("archive");
        assertThat(root.resolve("data-provider-service/target/mailferry-service.jsa.jvm")).exists();
        assertThat(root.resolve("data-provider-service/target")).isDirectoryNotContaining("glob:**/.archive.*");
        assertThat(flags).contains("-XX:SharedArchiveFile=" + archive);
        Files.delete(root.resolve("bin/training"));
        jvmFlags(Launcher.REPOSITORY, "migrate");
        assertThat(root.resolve("bin/training")).as("an archive up to date is not made again").doesNotExist();
    }

    private List<String> jvmFlags(Launcher launcher, String... args) throws Exception {
        return jvmFlags(launcher, List.of(), args);
    }

    /** The arguments the launcher gave {@code java} for {@code args}, up to the command's own. */
    private List<String> jvmFlags(Launcher launcher, List<String> env, String... args) throws Exception {
        Path script = launcher == Launcher.REPOSITORY ? root.resolve("mailferry") : root.resolve("image/bin/mailferry");
        if (!Files.exists(script)) {
            if (launcher == Launcher.REPOSITORY) {
                repository(script);
            } else {
                image(script);
            }
        }
        return run(launcher, script, env, args);
    }

    private List<String> run(Launcher launcher, Path script, List<String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "-u", "MAILFERRY_JAVA_OPTS", "-u", "MALLOC_ARENA_MAX",
                "-u", "JAVA_TOOL_OPTIONS", "PATH=" + root.resolve("bin") + ":/usr/bin:/bin"));
        command.addAll(env);
        command.add(script.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> all = Files.readAllLines(javaDir(launcher).resolve("args"));
        return all.subList(0, all.indexOf("-jar") + 2);
    }

    private String recorded(Launcher launcher, String file) throws Exception {
        return Files.readString(javaDir(launcher).resolve(file)).strip();
    }

    private Path javaDir(Launcher launcher) {
        return launcher == Launcher.REPOSITORY ? root.resolve("bin") : root.resolve("image/lib/runtime/bin");
    }

    /** The launcher beside an empty pom, module folders and a jar newer than all of them; a recording java. */
    private void repository(Path launcher) throws Exception {
        Files.copy(Path.of("..", "mailferry"), launcher);
        Instant old = Instant.now().minusSeconds(3600);
        for (String dir : List.of("shared-model", "data-provider-service/target")) {
            Files.createDirectories(root.resolve(dir));
        }
        Path shared = root.resolve(JVM_OPTIONS);
        Files.createDirectories(shared.getParent());
        Files.copy(Path.of("..", JVM_OPTIONS), shared);
        Path pom = Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path jar = Files.writeString(root.resolve("data-provider-service/target/mailferry-service.jar"), "");
        for (Path p : List.of(pom, shared, root.resolve("shared-model"), root.resolve("data-provider-service"))) {
            Files.setLastModifiedTime(p, FileTime.from(old));
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        recordingJava(root.resolve("bin"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The installed image's command, its shared list of flags and a recording java as its runtime. */
    private void image(Path launcher) throws Exception {
        Files.createDirectories(launcher.getParent());
        Files.copy(Path.of("..", "installer", "linux", "mailferry"), launcher);
        Files.createDirectories(root.resolve("image/lib/app"));
        Files.copy(Path.of("..", JVM_OPTIONS), root.resolve("image/lib/app/jvm-options.sh"));
        recordingJava(root.resolve("image/lib/runtime/bin"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static final String JVM_OPTIONS = SharedJvmOptions.FILE;

    private static void recordingJava(Path dir) throws Exception {
        Path java = Files.createDirectories(dir).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                for a in "$@"; do case "$a" in -XX:ArchiveClassesAtExit=*) exit 0 ;; esac; done
                printf '%s\\n' "$@" > "$(dirname "$0")/args"
                printf '%s\\n' "${MALLOC_ARENA_MAX-unset}" > "$(dirname "$0")/arena"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
