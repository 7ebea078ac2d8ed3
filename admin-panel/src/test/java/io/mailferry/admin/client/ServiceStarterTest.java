package io.mailferry.admin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceStarterTest {

    @TempDir
    Path root;

    private Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void theRepositoryScriptShouldBeFoundFromThePanelsBuildDirectory() throws Exception {
        Path script = executable(root.resolve("mailferry"));
        Path panelJarDir = Files.createDirectories(root.resolve("admin-panel/target"));
        assertThat(ServiceStarter.defaultCommand(panelJarDir, "")).contains(List.of(script.toString()));
    }

    @Test
    void aSiblingJpackageImageShouldBeFound() throws Exception {
        Path script = executable(root.resolve("opt/mailferry/bin/mailferry"));
        Path panelApp = Files.createDirectories(root.resolve("opt/mailferry-panel/lib/app"));
        assertThat(ServiceStarter.defaultCommand(panelApp, "")).contains(List.of(script.toString()));
    }

    @Test
    void theInstalledImagesLauncherShouldComeBeforeTheServiceJarBesideThePanel() throws Exception {
        // one image (ADR 0016): the panel's jar under lib/app/panel, the service's in lib/app, the launcher in bin
        Path script = executable(root.resolve("opt/mailferry/bin/mailferry"));
        Files.writeString(Files.createDirectories(root.resolve("opt/mailferry/lib/app")).resolve("mailferry-service.jar"),
                "");
        Path panelDir = Files.createDirectories(root.resolve("opt/mailferry/lib/app/panel"));
        assertThat(ServiceStarter.defaultCommand(panelDir, "")).contains(List.of(script.toString()));
    }

    @Test
    void theServiceJarShouldRunWithThisJava() throws Exception {
        Path jar = root.resolve("data-provider-service/target/mailferry-service.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        List<String> command = ServiceStarter.defaultCommand(root.resolve("admin-panel"), "").orElseThrow();
        assertThat(command).endsWith("-jar", jar.toString());
    }

    @Test
    void thePathShouldBeTheLastResortAndNothingFoundShouldSaySo() throws Exception {
        // the search walks up to the root: an installed package's /bin/mailferry (usr-merged) would be found there
        assumeThat(Files.exists(Path.of("/bin/mailferry")) || Files.exists(Path.of("/mailferry"))).as(
                "Mailferry is installed on this machine").isFalse();
        Path bin = root.resolve("usr/bin");
        Path elsewhere = Files.createDirectories(root.resolve("home/a"));
        assertThat(ServiceStarter.defaultCommand(elsewhere, bin.toString())).isEmpty();
        Path script = executable(bin.resolve("mailferry"));
        assertThat(ServiceStarter.defaultCommand(elsewhere, bin.toString())).contains(List.of(script.toString()));
        assertThatThrownBy(() -> new ServiceStarter(root, List.of("/nonexistent/mailferry")).start())
                .isInstanceOf(ServiceException.class)
                .hasMessage("The Mailferry service could not be started with /nonexistent/mailferry: it does not "
                        + "exist.");
    }

    /** The service it starts gets the service's heap cap (ADR 0040), unless the panel's environment names its own. */
    @Test
    void theServiceShouldBeStartedWithTheHeapCap() throws Exception {
        Path seen = root.resolve("tool-options");
        // the starter appends "serve --data-dir DIR": $1, $2, $3 of this script
        new ServiceStarter(root, List.of("sh", "-c", "printf %s \"$JAVA_TOOL_OPTIONS\" > \"$3/tool-options.tmp\" && "
                + "mv \"$3/tool-options.tmp\" \"$3/tool-options\"", "sh")).start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(seen) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String own = System.getenv("JAVA_TOOL_OPTIONS");
        assertThat(Files.readString(seen)).isEqualTo(own != null ? own : "-Xmx640m");
    }
}
