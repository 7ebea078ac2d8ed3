package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The Windows installer cannot be built here (no WiX, no Windows), so what can drift apart is checked: the WinSW
 * configuration, the WiX source and the preparation script must be well-formed and name the same service, group and
 * account as the service code, and the service's launcher must get the service's JVM options of the list the other
 * launchers share (ADR 0048).
 */
class WindowsRecipeTest {
    private static final Path DIR = Path.of("..", "installer", "windows");

    private static Document xml(String name) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(DIR.resolve(name).toFile());
    }

    private static String text(Document d, String tag) {
        return d.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    private static Element first(Document d, String tag) {
        return (Element) d.getElementsByTagNameNS("*", tag).item(0);
    }

    @Test
    void theWrapperAndTheInstallerShouldRegisterTheSameServiceTheServiceCodeExpects() throws Exception {
        Document winsw = xml("mailferry-service.xml");
        Document wix = xml("mailferry.wxs");
        String script = Files.readString(DIR.resolve("install-service.ps1"));

        String id = text(winsw, "id");
        assertThat(first(wix, "ServiceInstall").getAttribute("Name")).isEqualTo(id);
        assertThat(first(wix, "ServiceControl").getAttribute("Name")).isEqualTo(id);
        assertThat(first(wix, "ServiceInstall").getAttribute("Account")).isEqualTo("NT AUTHORITY\\LocalService");
        assertThat(text(winsw, "executable")).isEqualTo("%BASE%\\mailferry.exe");
        assertThat(text(winsw, "arguments")).startsWith("serve ").contains("--group-access");

        Element groupEnv = null;
        for (int i = 0; i < winsw.getElementsByTagName("env").getLength(); i++) {
            Element e = (Element) winsw.getElementsByTagName("env").item(i);
            if (e.getAttribute("name").equals("MAILFERRY_ADMIN_GROUP")) {
                groupEnv = e;
            }
        }
        assertThat(groupEnv).as("the wrapper names the admin group").isNotNull();
        assertThat(groupEnv.getAttribute("value")).isEqualTo(GroupReadable.DEFAULT_WINDOWS_GROUP);
        Matcher group = Pattern.compile("\\$group = \"([^\"]+)\"").matcher(script);
        assertThat(group.find()).isTrue();
        assertThat(group.group(1)).isEqualTo(GroupReadable.DEFAULT_WINDOWS_GROUP);
    }

    @Test
    void theInstallerShouldPrepareTheDataFolderBeforeTheServiceStarts() throws Exception {
        Document wix = xml("mailferry.wxs");
        String script = Files.readString(DIR.resolve("install-service.ps1"));

        Element setCommand = first(wix, "SetProperty");
        assertThat(setCommand.getAttribute("Value")).contains("install-service.ps1", "-PrepareOnly");
        assertThat(script).contains("[switch]$PrepareOnly", "if ($PrepareOnly) { exit 0 }");
        Element custom = first(wix, "Custom");
        assertThat(custom.getAttribute("Action")).isEqualTo(setCommand.getAttribute("Id"));
        assertThat(custom.getAttribute("Before")).isEqualTo("StartServices");
        assertThat(first(wix, "CustomAction").getAttribute("Impersonate")).isEqualTo("no");
        assertThat(script).as("the admin group may not read what the folder holds by inheritance")
                .doesNotContain("${group}:(OI)(CI)");
        assertThat(Files.readString(DIR.resolve("build-msi.ps1"))).contains("installer\\windows\\mailferry.wxs");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theWindowsServiceLauncherShouldCarryTheServicesJvmOptions() throws Exception {
        List<String> windows = javaOptions(Files.readString(DIR.resolve("build-msi.ps1")), "--name mailferry ");
        List<String> service = new ArrayList<>(List.of("-Dfile.encoding=UTF-8", "-Djava.awt.headless=true"));
        service.addAll(serviceFlags());

        assertThat(windows).as("the service's launcher options, in order (CompileCommand=quiet before the other)")
                .isEqualTo(service)
                .contains("-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1");
        assertThat(windows.indexOf("-XX:CompileCommand=quiet")).isLessThan(
                windows.indexOf("-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1"));
    }

    /**
     * The service's flags from the shared list, without the heap cap (JAVA_TOOL_OPTIONS in mailferry-service.xml) and
     * without Linux's huge pages, which the list adds where the kernel running it offers them (ADR 0055): Windows has
     * none to ask for.
     */
    private static List<String> serviceFlags() throws Exception {
        return SharedJvmOptions.flags("serve").stream()
                .filter(f -> !f.startsWith("-Xmx") && !f.equals("-XX:+UseTransparentHugePages")).toList();
    }

    /** The {@code --java-options} of the jpackage command that names {@code launcher}, quoted values unquoted. */
    private static List<String> javaOptions(String script, String launcher) {
        int start = script.indexOf(launcher);
        assertThat(start).as("a jpackage command for " + launcher.trim()).isPositive();
        int end = script.indexOf("\njpackage", start);
        String command = script.substring(start, end < 0 ? script.length() : end);
        List<String> options = new ArrayList<>();
        Matcher m = Pattern.compile("--java-options ([\"'])([^\"']+)\\1|--java-options (\\S+)").matcher(command);
        while (m.find()) {
            options.add(m.group(2) != null ? m.group(2) : m.group(3));
        }
        return options;
    }
}
