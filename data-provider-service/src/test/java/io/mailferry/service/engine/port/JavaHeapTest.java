package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heap's cap is named as the admin set it, whatever the collector makes of it (ADR 0042). */
class JavaHeapTest {
    @Test
    void theCapShouldBeTheOneSetWithTheParallelCollectorToo() throws Exception {
        assertThat(capIn("-XX:+UseParallelGC")).isEqualTo("640");
        assertThat(capIn("-XX:+UseSerialGC")).isEqualTo("640");
    }

    /** What {@link JavaHeap#capBytes} says, in MB, in a JVM started with {@code -Xmx640m} and {@code collector}. */
    private static String capIn(String collector) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx640m", collector, "-cp",
                System.getProperty("java.class.path"), Main.class.getName())).redirectErrorStream(true).start();
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
