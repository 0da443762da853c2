package dev.parley.load;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Pins some threads of a process to CPUs of their own ({@code taskset -p} on each thread id). */
final class ThreadPinning {
    private ThreadPinning() {
    }

    /**
     * Pins every thread of {@code pid} whose name ({@code /proc/<pid>/task/<tid>/comm}) starts with
     * {@code namePrefix} to {@code cpus} (a taskset list, e.g. "0" or "2-3").
     *
     * @return how many threads were pinned
     * @throws IOException if taskset refused (no such CPU, not allowed)
     */
    static int pin(long pid, String namePrefix, String cpus) throws IOException, InterruptedException {
        int pinned = 0;
        for (Map.Entry<Long, ProcessStats.ThreadCpu> e : ProcessStats.threadCpuSeconds(pid).entrySet()) {
            if (e.getValue().name().startsWith(namePrefix)) {
                LoadMain.taskset(List.of("-p", "-c", cpus, Long.toString(e.getKey())),
                        "thread " + e.getValue().name(), cpus);
                pinned++;
            }
        }
        return pinned;
    }
}
