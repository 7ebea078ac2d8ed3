package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM flags of a kind of command from the list every launcher shares
 * ({@code data-provider-service/src/main/launcher/jvm-options.sh}, ADR 0048), as {@code mailferry_jvm_flags} prints
 * them with no {@code JAVA_TOOL_OPTIONS} set.
 */
final class SharedJvmOptions {
    static final String FILE = "data-provider-service/src/main/launcher/jvm-options.sh";

    private SharedJvmOptions() {
    }

    static List<String> flags(String kind) throws Exception {
        Process p = new ProcessBuilder("env", "-u", "JAVA_TOOL_OPTIONS", "sh", "-c",
                ". ../" + FILE + " && mailferry_jvm_flags " + kind).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
