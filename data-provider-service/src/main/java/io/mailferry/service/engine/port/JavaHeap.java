package io.mailferry.service.engine.port;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/** The Java heap's cap as the admin set it, for the sentences and log lines that name it. */
public final class JavaHeap {
    /** What the arguments said (0: not read yet; -1: no cap that could be read). */
    private static volatile long read;

    private JavaHeap() {
    }

    /**
     * The heap's cap in bytes as set: the last {@code -Xmx} or {@code -XX:MaxHeapSize=} of the JVM's arguments (those of
     * {@code JAVA_TOOL_OPTIONS} included). {@link Runtime#maxMemory} names what the collector can fill, which with the
     * parallel collector leaves a survivor space out (533 of 640 MB with half the heap young, ADR 0042): an admin who
     * set 640 MB would not recognise it. {@link Runtime#maxMemory} where no cap was set or it cannot be read.
     */
    public static long capBytes() {
        long cap = read;
        if (cap == 0) {
            try {
                cap = capIn(ManagementFactory.getRuntimeMXBean().getInputArguments());
                read = cap; // kept only once read: the arguments cannot change while the JVM runs
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                cap = -1; // no management in this runtime, or no room left to ask: asked again next time
            }
        }
        return cap > 0 ? cap : Runtime.getRuntime().maxMemory();
    }

    /** The cap {@code arguments} set (the last one decides, as for the JVM), or -1 when it cannot be read. */
    static long capIn(List<String> arguments) {
        long cap = -1;
        for (String a : arguments) {
            String value = a.startsWith("-Xmx") ? a.substring(4)
                    : a.startsWith("-XX:MaxHeapSize=") ? a.substring("-XX:MaxHeapSize=".length()) : null;
            if (value != null) {
                cap = size(value);
            }
        }
        return cap;
    }

    /** {@code 640m}, {@code 2G}, {@code 671088640}, {@code 512k}, {@code 0x28000000}: bytes, or -1. */
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
        String digits = times == 1 ? v : v.substring(0, v.length() - 1);
        try {
            long n = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
            return n > 0 ? Math.multiplyExact(n, times) : -1;
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}
