package dev.parley.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A process's CPU time and resident memory from Linux's /proc (proc(5)): {@code stat} fields 14 and 15
 * (utime, stime, in clock ticks of 1/100 s on Linux x86-64), {@code status} line {@code VmRSS}.
 */
final class ProcessStats {
    /** USER_HZ: fixed at 100 by the kernel ABI on x86-64 and arm64 (sysconf(_SC_CLK_TCK)). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** CPU seconds (user + system) the process has used so far. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) is in parentheses and may hold spaces: split after its ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime is field 14 → f[11], stime field 15 → f[12]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds each of the process's threads has used so far, by thread id: {@code task/<tid>/stat} and
     * the thread's name from {@code task/<tid>/comm} (at most 15 characters). Threads that end between the
     * listing and the read are left out.
     */
    static Map<Long, ThreadCpu> threadCpuSeconds(long pid) throws IOException {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    String name = Files.readString(task.resolve("comm")).trim();
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, seconds));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return threads;
    }

    /** One thread's name and CPU seconds so far. */
    record ThreadCpu(String name, double seconds) {
    }

    /**
     * The {@code n} threads that used the most CPU between two {@link #threadCpuSeconds} snapshots, as
     * "name cores" over {@code seconds} of wall time, busiest first: "media-1-1 0.82, media-1-2 0.61".
     */
    static String busiest(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after, double seconds, int n) {
        return after.entrySet().stream()
                .map(e -> new ThreadCpu(e.getValue().name(), e.getValue().seconds()
                        - (before.containsKey(e.getKey()) ? before.get(e.getKey()).seconds() : 0)))
                .sorted(Comparator.comparingDouble(ThreadCpu::seconds).reversed())
                .limit(n)
                .map(t -> String.format(Locale.ROOT, "%s %.2f", t.name(), t.seconds() / seconds))
                .collect(Collectors.joining(", "));
    }

    /** Resident set size in MiB. */
    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** The 1-, 5- and 15-minute load averages as /proc/loadavg has them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** "N × model name" from /proc/cpuinfo, and the kernel release. */
    static String machine() {
        String model = "unknown CPU";
        int cpus = 0; // counted from cpuinfo: availableProcessors() is 1 once the tool pinned itself
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model.equals("unknown CPU")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("processor")) {
                    cpus++;
                }
            }
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        String kernel;
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            kernel = "unknown kernel";
        }
        return cpus + " × " + model + ", Linux " + kernel + ", Java " + Runtime.version();
    }
}
