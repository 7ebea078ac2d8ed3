package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The service's heap cap (ADR 0040) and collector (ADR 0042) are set in places that cannot share a file: the launchers'
 * shared list of flags for {@code serve} ({@link SharedJvmOptions}, ADR 0048), the environment of the installed service on Linux (the unit's default and its EnvironmentFile, which
 * wins), Windows (WinSW) and macOS (launchd), and the panel's starter of a personal service. They must agree, and the
 * installed images' own JVM options must not carry a heap size: those come after {@code JAVA_TOOL_OPTIONS} and would
 * win over the admin's setting.
 */
class ServiceHeapCapTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern CAP = Pattern.compile("-Xmx\\d+[mg]");
    /** Any heap size in any spelling (-Xmx2G, -Xmx2048M, -XX:MaxHeapSize=..., -XX:MaxRAMPercentage=...). */
    private static final Pattern ANY_HEAP_SIZE = Pattern.compile("(?i)-Xmx|MaxHeapSize|MaxRAM");

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // the shared list is a shell script
    void everyWayOfStartingTheServiceShouldCapItsHeapAlike() throws Exception {
        List<String> serve = SharedJvmOptions.flags("serve");
        String conf = setting(Files.readString(ROOT.resolve("installer/linux/mailferry.conf")));
        String winsw = Files.readString(ROOT.resolve("installer/windows/mailferry-service.xml"));
        String plist = Files.readString(ROOT.resolve("installer/macos/io.mailferry.service.plist"));
        String unit = Files.readString(ROOT.resolve("installer/linux/mailferry.service"));
        String panel = Files.readString(ROOT.resolve(
                "admin-panel/src/main/java/io/mailferry/admin/client/ServiceStarter.java"));

        List<String> caps = serve.stream().filter(f -> CAP.matcher(f).matches()).toList();
        assertThat(caps).as("the launchers cap the heap of serve").hasSize(1);
        String cap = caps.get(0);
        assertThat(conf).as("the Linux service's JAVA_TOOL_OPTIONS").isEqualTo(cap);
        assertThat(unit).as("the unit's default, for a kept older mailferry.conf; the file still wins")
                .containsPattern("(?m)^Environment=.* JAVA_TOOL_OPTIONS=" + Pattern.quote(cap) + "( |$)")
                .containsPattern("(?m)^EnvironmentFile=-/etc/mailferry/mailferry.conf$");
        assertThat(winsw).contains("<env name=\"JAVA_TOOL_OPTIONS\" value=\"" + cap + "\"/>");
        assertThat(plist).as("in the daemon's EnvironmentVariables")
                .containsPattern("(?s)<key>EnvironmentVariables</key>\\s*<dict>(?:(?!</dict>).)*"
                        + "<key>JAVA_TOOL_OPTIONS</key>\\s*<string>" + Pattern.quote(cap) + "</string>");
        assertThat(panel).contains("HEAP_CAP = \"" + cap + "\";");
    }

    /** The service collects with the parallel collector, started by the launcher or an installed image (ADR 0042). */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void everyWayOfStartingTheServiceShouldUseTheParallelCollector() throws Exception {
        assertThat(SharedJvmOptions.flags("serve")).contains("-XX:+UseParallelGC").noneMatch(f -> f.contains("G1"));
        // the Linux image's command takes the shared list (LauncherFlagsTest); the Windows recipe repeats it
        // (WindowsRecipeTest compares them)
        assertThat(Files.readString(ROOT.resolve("installer/windows/build-msi.ps1")))
                .contains("--java-options \"-XX:+UseParallelGC\"").doesNotContain("-XX:G1");
    }

    @Test
    void theAdminsOwnFlagsShouldComeAfterTheCap() throws Exception {
        String launcher = Files.readString(ROOT.resolve("mailferry"));
        assertThat(launcher).containsPattern("(?m)^exec java \"\\$\\{flags\\[@]}\" \"\\$\\{own\\[@]");
    }

    @Test
    void theInstalledImagesShouldLeaveTheHeapToTheAdminsSetting() throws Exception {
        assertThat(Files.readString(ROOT.resolve("installer/windows/build-msi.ps1")))
                .doesNotContainPattern(ANY_HEAP_SIZE.pattern());
        // the Linux image's command, a script, leaves the cap to JAVA_TOOL_OPTIONS when it sets one (LauncherFlagsTest)
        assertThat(Files.readString(ROOT.resolve("installer/build-images.sh")))
                .doesNotContainPattern(ANY_HEAP_SIZE.pattern());
    }

    /** The value of the uncommented {@code JAVA_TOOL_OPTIONS=} line. */
    private static String setting(String conf) {
        Matcher m = Pattern.compile("(?m)^JAVA_TOOL_OPTIONS=(\\S+)$").matcher(conf);
        assertThat(m.find()).as("mailferry.conf sets JAVA_TOOL_OPTIONS").isTrue();
        return m.group(1);
    }
}
