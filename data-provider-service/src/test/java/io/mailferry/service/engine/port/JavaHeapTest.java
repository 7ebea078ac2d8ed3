package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heap's cap is named as the admin set it, whatever the collector makes of it (ADR 0042). */
class JavaHeapTest {
    @Test
    void theCapShouldBeTheOneSetWithTheParallelCollectorToo() throws Exception {
        // as the installed service gets it: JAVA_TOOL_OPTIONS (533 MB is what Runtime.maxMemory() says)
        assertThat(capIn("-Xmx640m", List.of("-XX:+UseParallelGC"))).isEqualTo("640");
        assertThat(capIn(null, List.of("-Xmx640m", "-XX:+UseParallelGC"))).isEqualTo("640");
        assertThat(capIn(null, List.of("-Xmx640m", "-XX:+UseSerialGC"))).isEqualTo("640");
    }

    @Test
    void theLastCapSetShouldWinInAnySpelling() {
        assertThat(JavaHeap.capIn(List.of("-Xmx640m", "-Xms64m", "-Xmx2G"))).isEqualTo(2L << 30);
        assertThat(JavaHeap.capIn(List.of("-XX:MaxHeapSize=671088640"))).isEqualTo(640L << 20);
        assertThat(JavaHeap.capIn(List.of("-Xmx512k"))).isEqualTo(512L << 10);
        assertThat(JavaHeap.capIn(List.of("-Xms64m", "-XX:MaxRAMPercentage=25"))).isEqualTo(-1);
        assertThat(JavaHeap.capIn(List.of("-Xmxlots"))).isEqualTo(-1);
        assertThat(JavaHeap.capIn(List.of("-Xmx640m", "-Xmxlots"))).as("the last decides").isEqualTo(-1);
        assertThat(JavaHeap.capIn(List.of("-Xmx0x28000000"))).isEqualTo(640L << 20);
    }

    /** What {@link JavaHeap#capBytes} says, in MB, in a JVM started with {@code toolOptions} and {@code flags}. */
    private static String capIn(String toolOptions, List<String> flags) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"));
        if (toolOptions != null) {
            builder.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    }

    /** Prints the cap in MB. */
    static final class Main {
        public static void main(String[] args) {
            System.out.println(JavaHeap.capBytes() >> 20);
        }
    }
}
