package io.mailferry.admin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void theServiceJarShouldRunWithThisJava() throws Exception {
        Path jar = root.resolve("data-provider-service/target/mailferry-service.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        List<String> command = ServiceStarter.defaultCommand(root.resolve("admin-panel"), "").orElseThrow();
        assertThat(command).endsWith("-jar", jar.toString());
    }

    @Test
    void thePathShouldBeTheLastResortAndNothingFoundShouldSaySo() throws Exception {
        Path bin = root.resolve("usr/bin");
        Path elsewhere = Files.createDirectories(root.resolve("home/a"));
        assertThat(ServiceStarter.defaultCommand(elsewhere, bin.toString())).isEmpty();
        Path script = executable(bin.resolve("mailferry"));
        assertThat(ServiceStarter.defaultCommand(elsewhere, bin.toString())).contains(List.of(script.toString()));
        assertThatThrownBy(() -> new ServiceStarter(root, List.of("/nonexistent/mailferry")).start())
                .isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("The Mailferry service could not be started:");
    }
}
