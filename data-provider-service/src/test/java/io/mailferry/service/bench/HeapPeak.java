package io.mailferry.service.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap of one bench phase: the sum of the heap pools' peak usage since {@link #reset()} (an upper bound: the
 * pools may peak at different instants), and the highest total heap in use sampled every 5 ms (a lower bound).
 */
final class HeapPeak implements AutoCloseable {
    private volatile boolean running = true;
    private volatile long sampledMax;
    private final Thread sampler;

    private HeapPeak() {
        sampler = new Thread(() -> {
            while (running) {
                sampledMax = Math.max(sampledMax, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
    }

    /** Collects garbage, resets the pools' peaks and starts sampling. */
    static HeapPeak start() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        HeapPeak peak = new HeapPeak();
        peak.sampler.start();
        return peak;
    }

    /** Sum of the heap pools' peaks since start, bytes. */
    long poolPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    long sampledMaxBytes() {
        return sampledMax;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
