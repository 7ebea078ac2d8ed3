package io.mailferry.service.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU a server's processes have used so far, from Linux's {@code /proc/<pid>/stat}: the master's own time, the time
 * of its children that have exited and been waited for (its {@code cutime}/{@code cstime}), and the time of those still
 * running. Read before and after a pass, the difference is what the pass cost the server (proc(5)). The master is read
 * first: a child that ends after that and before its own read is missed by this reading (a small undercount).
 */
final class ServerCpu {
    /** USER_HZ: the unit of the times in {@code /proc/<pid>/stat} on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ServerCpu() {
    }

    /** Seconds of CPU used by {@code master} and every process under it, or NaN where {@code /proc} is missing. */
    static double seconds(ProcessHandle master) {
        List<ProcessHandle> all = new ArrayList<>(master.descendants().toList());
        all.add(0, master);
        long ticks = 0;
        for (ProcessHandle p : all) {
            try {
                ticks += ticksWithChildren(Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat")));
            } catch (IOException e) {
                if (p == master) {
                    return Double.NaN;
                }
                // a child that exited meanwhile: its time is in the master's cutime/cstime once waited for
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime + cutime + cstime: fields 14 to 17 of a stat line, counted after the command's closing ')'. */
    static long ticksWithChildren(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
}
