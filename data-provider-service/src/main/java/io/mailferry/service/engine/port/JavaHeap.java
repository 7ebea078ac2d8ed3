package io.mailferry.service.engine.port;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** The Java heap's cap as the admin set it, for the sentences and log lines that name it. */
public final class JavaHeap {
    private JavaHeap() {
    }

    /**
     * The heap's cap in bytes as set ({@code -Xmx}: the JVM's {@code MaxHeapSize}). {@link Runtime#maxMemory} names
     * what the collector can fill, which with the parallel collector leaves a survivor space out (569 of 640 MB, ADR
     * 0042): an admin who set 640 MB would not recognise it. {@link Runtime#maxMemory} where the JVM cannot say.
     */
    public static long capBytes() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm != null) {
                return Long.parseLong(vm.getVMOption("MaxHeapSize").getValue());
            }
        } catch (RuntimeException | LinkageError | OutOfMemoryError another) {
            // another JVM, or no room left to ask: what the runtime says
        }
        return Runtime.getRuntime().maxMemory();
    }
}
