package io.mailferry.service.engine.port;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/** The Java heap's cap as the admin set it, for the sentences and log lines that name it. */
public final class JavaHeap {
    private JavaHeap() {
    }

    /**
     * The heap's cap in bytes as set: the last {@code -Xmx} or {@code -XX:MaxHeapSize=} of the JVM's arguments (those of
     * {@code JAVA_TOOL_OPTIONS} included). {@link Runtime#maxMemory} names what the collector can fill, which with the
     * parallel collector leaves a survivor space out (569 of 640 MB, ADR 0042): an admin who set 640 MB would not
     * recognise it. {@link Runtime#maxMemory} where no cap was set or it cannot be read.
     */
    public static long capBytes() {
        return Cap.BYTES;
    }

    /** The cap {@code arguments} set (the last one wins, as for the JVM), or -1. */
    static long capIn(List<String> arguments) {
        long cap = -1;
        for (String a : arguments) {
            String value = a.startsWith("-Xmx") ? a.substring(4)
                    : a.startsWith("-XX:MaxHeapSize=") ? a.substring("-XX:MaxHeapSize=".length()) : null;
            if (value != null) {
                long bytes = size(value);
                if (bytes > 0) {
                    cap = bytes;
                }
            }
        }
        return cap;
    }

    /** {@code 640m}, {@code 2G}, {@code 671088640}, {@code 512k}: bytes, or -1. */
    private static long size(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return -1;
        }
        char unit = v.charAt(v.length() - 1);
        long times = switch (unit) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        try {
            return Long.parseLong(times == 1 ? v : v.substring(0, v.length() - 1)) * times;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Read once: the arguments cannot change while the JVM runs (nor need they be read when memory has run out). */
    private static final class Cap {
        static final long BYTES = read();

        private static long read() {
            try {
                long cap = capIn(ManagementFactory.getRuntimeMXBean().getInputArguments());
                if (cap > 0) {
                    return cap;
                }
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                // no management in this runtime, or no room left to ask: what the runtime says
            }
            return Runtime.getRuntime().maxMemory();
        }
    }
}
