package dev.parley.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.LatencyHistogram;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadToolTest {
    @Test
    void optionsAreReadAndMistakesNamed() {
        assertThat(LoadMain.parse(new String[] {"--publishers", "3", "--audio"}))
                .containsEntry("publishers", "3").containsEntry("audio", "true");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--publishrs", "3"}))
                .hasMessageContaining("unknown option --publishrs");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--rooms"})).hasMessageContaining("--rooms needs a value");
    }

    @Test
    void thisProcessHasCpuTimeAndResidentMemory() throws Exception {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcessStats.cpuSeconds(pid)).isPositive();
        assertThat(ProcessStats.rssMiB(pid)).isPositive();
        assertThat(ProcessStats.loadAverage()).matches("[0-9.]+ [0-9.]+ [0-9.]+");
    }

    @Test
    void theSummaryTakesEachTargetsBestStepUnderATenthOfAPercentAndRatesItAgainstTheFloor() {
        List<StepResult> all = List.of(
                new StepResult("Parley", 10, 4000, 4000, 0.0, 500, 900, 0.2, 50, 200, 0.5, "main 0.10", 85, 640, 0),
                new StepResult("Parley", 20, 8000, 7000, 0.05, 500, 900, 0.9, 128, 200, 0.5, "main 0.10", 85, 640, 0),
                new StepResult("relay floor", 10, 4000, 4000, 0.0, 300, 600, 0.1, 25, 50, 0.5, "main 0.10", -1, -1, -1));

        String md = Report.summary(all);

        assertThat(md).contains("| Parley | 4000 | 0.90 | 0.640 | 20000 | 0.50 | – |");
        assertThat(md).contains("| relay floor | 4000 | 0.60 | – | 40000 | 1.00 | – |");
    }

    @Test
    void theCommonStepIsTheLargestLoadEveryTargetCarriedCleanly() {
        List<StepResult> all = List.of(
                new StepResult("Parley", 10, 4000, 4000, 0.0, 500, 900, 0.1, 25, 200, 0.5, "main 0.10", 85, 640, 0),
                new StepResult("Parley", 20, 8000, 8000, 0.0, 500, 900, 0.2, 25, 200, 0.5, "main 0.10", 85, 640, 0),
                new StepResult("Janus", 10, 4000, 4000, 0.0, 500, 900, 0.2, 50, 30, 0.5, "main 0.10", -1, -1, -1),
                new StepResult("Janus", 20, 8000, 7000, 0.02, 500, 900, 0.4, 57, 30, 0.5, "main 0.10", -1, -1, -1));

        String md = Report.atCommonStep(all);

        assertThat(md).contains("(10 subscribers per room)");
        assertThat(md).contains("| Parley | 4000 | 0.90 | 0.640 | 25.00 | 40000 | – | 2.00 |");
        assertThat(md).contains("| Janus | 4000 | 0.90 | – | 50.00 | 20000 | – | 1.00 |");
    }

    @Test
    void theServersOwnDelayIsReadFromTwoScrapesSummedOverLoopsAndInterpolatedLikePrometheus() {
        String before = scrape(new long[] {0, 0, 0, 0}, new long[] {0, 0, 0, 0});
        // after: loop 0 has 60 at or under 100 µs, 39 more under 1 ms, 1 over 10 ms; loop 1 has 100 under 100 µs
        String after = scrape(new long[] {60, 99, 99, 100}, new long[] {100, 100, 100, 100});
        ServerDelay d = ServerDelay.parse(after, ServerDelay.METRIC).orElseThrow()
                .since(ServerDelay.parse(before, ServerDelay.METRIC).orElseThrow());

        assertThat(d.count()).isEqualTo(200);
        assertThat(d.quantileMicros(0.4)).as("rank 80 of the 160 at or under 100 µs").isEqualTo(50);
        assertThat(d.quantileMicros(0.99)).as("rank 198 in the (100 µs, 1 ms] bucket's 39, its 38th")
                .isEqualTo(100 + Math.round(900 * 38 / 39.0));
        assertThat(d.quantileMicros(1.0)).as("in the open bucket: its lower bound").isEqualTo(10_000);
        assertThat(ServerDelay.parse("# nothing here\n", ServerDelay.METRIC)).isEmpty();
        assertThat(d.since(d).quantileMicros(0.99)).as("no observation").isEqualTo(-1);
    }

    @Test
    void theServersOwnDropsAreItsKernelsAndItsLoopsTakenBetweenTwoScrapes() {
        String before = scrape(new long[] {0, 0, 0, 0}, new long[] {0, 0, 0, 0})
                + "parley_media_dropped_datagrams_total{reason=\"receive_buffer_full\"} 12.0\n"
                + "parley_media_dropped_datagrams_total{reason=\"unknown_sender\"} 500.0\n"
                + "parley_media_handoff_dropped_datagrams_total 3.0\n";
        String after = scrape(new long[] {1, 1, 1, 1}, new long[] {0, 0, 0, 0})
                + "parley_media_dropped_datagrams_total{reason=\"receive_buffer_full\"} 40.0\n"
                + "parley_media_dropped_datagrams_total{reason=\"unknown_sender\"} 900.0\n"
                + "parley_media_handoff_dropped_datagrams_total 5.0\n";
        ServerScrape window = ServerScrape.parse(after).since(ServerScrape.parse(before));
        assertThat(window.droppedDatagrams()).as("28 by the kernel, 2 between loops; strangers' not").isEqualTo(30);
        assertThat(window.delay().orElseThrow().count()).isEqualTo(1);
        assertThat(Report.row(new StepResult("Parley", 10, 4000, 4000, 0.0, 500, 900, 0.2, 50, 200, 0.5, "main 0.10",
                85, 640, 30))).contains("| 0.085 | 0.640 | 30 |");
    }

    /** A Parley scrape's histogram with two loops' cumulative counts at 100 µs, 1 ms, 10 ms and +Inf. */
    private static String scrape(long[] loop0, long[] loop1) {
        StringBuilder s = new StringBuilder("# TYPE parley_media_forwarding_delay_seconds histogram\n");
        String[] le = {"1.0E-4", "0.001", "0.01", "+Inf"};
        long[][] loops = {loop0, loop1};
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < le.length; i++) {
                s.append("parley_media_forwarding_delay_seconds_bucket{loop=\"").append(l).append("\",le=\"")
                        .append(le[i]).append("\"} ").append(loops[l][i]).append('\n');
            }
            s.append("parley_media_forwarding_delay_seconds_count{loop=\"").append(l).append("\"} ")
                    .append(loops[l][3]).append('\n');
        }
        return s.toString();
    }

    @Test
    void relayCountsLossAcrossResets() {
        RelayReceiver r = new RelayReceiver();
        for (int seq : new int[] {1, 2, 4}) {
            r.onPacket(header(seq), 0, 100);
        }
        assertThat(r.lost()).isEqualTo(1);
        r.reset();
        r.onPacket(header(6), 0, 100);
        assertThat(r.packets()).isEqualTo(1);
        assertThat(r.lost()).isEqualTo(1);
        LatencyHistogram h = new LatencyHistogram();
        r.addLatenciesTo(h);
        assertThat(h.count()).isEqualTo(1);
    }

    private static byte[] header(int seq) {
        byte[] p = new byte[20];
        p[0] = (byte) 0x80;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[11] = 9;
        return p;
    }

    @Test
    void theBusiestThreadsAreThoseThatUsedTheMostCpuInTheWindowNotSinceTheyStarted() {
        var before = java.util.Map.of(1L, new ProcessStats.ThreadCpu("main", 50.0),
                2L, new ProcessStats.ThreadCpu("media-1-1", 1.0), 3L, new ProcessStats.ThreadCpu("media-1-2", 2.0));
        var after = java.util.Map.of(1L, new ProcessStats.ThreadCpu("main", 50.5),
                2L, new ProcessStats.ThreadCpu("media-1-1", 9.0), 3L, new ProcessStats.ThreadCpu("media-1-2", 8.0),
                4L, new ProcessStats.ThreadCpu("new-thread", 1.0));
        assertThat(ProcessStats.busiest(before, after, 10.0, 2)).isEqualTo("media-1-1 0.80, media-1-2 0.60");
    }

    @Test
    void thisProcessesThreadsAreReadFromProc() throws Exception {
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        Thread probe = new Thread(() -> {
            running.countDown();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "proc-probe");
        probe.start();
        // The JVM names the native thread (comm) when it starts, before run(): once run() has begun, /proc has it.
        running.await();
        try {
            var threads = ProcessStats.threadCpuSeconds(ProcessHandle.current().pid());
            assertThat(threads.values()).extracting(ProcessStats.ThreadCpu::name).contains("proc-probe");
        } finally {
            stop.countDown();
            probe.join();
        }
    }

    @Test
    void threadsNamedLikeTheMediaLoopsArePinnedAndNoOthers() throws Exception {
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
        Runnable idle = () -> {
            running.countDown();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread loop = new Thread(idle, "pinme-loop");
        Thread other = new Thread(idle, "leave-me");
        loop.start();
        other.start();
        running.await(); // both named in /proc (see above)
        long pid = ProcessHandle.current().pid();
        try {
            String cpu = allowedCpus(pid, "leave-me").split("[,-]")[0]; // one CPU this process may use
            assertThat(ThreadPinning.pin(pid, "pinme-", cpu)).isEqualTo(1);
            assertThat(allowedCpus(pid, "pinme-loop")).isEqualTo(cpu);
            assertThat(allowedCpus(pid, "leave-me")).isEqualTo(cpusAllowed(java.nio.file.Path.of("/proc",
                    Long.toString(pid))));
            assertThatThrownBy(() -> ThreadPinning.pin(pid, "pinme-", "4095"))
                    .hasMessageContaining("could not pin thread pinme-loop to CPUs 4095");
        } finally {
            stop.countDown();
            loop.join();
            other.join();
        }
    }

    /** Cpus_allowed_list of this process's thread named {@code name} (proc(5)). */
    private static String allowedCpus(long pid, String name) throws Exception {
        for (java.nio.file.Path task : java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc",
                Long.toString(pid), "task"))) {
            if (java.nio.file.Files.readString(task.resolve("comm")).trim().equals(name)) {
                return cpusAllowed(task);
            }
        }
        throw new AssertionError("no thread named " + name);
    }

    private static String cpusAllowed(java.nio.file.Path procEntry) throws Exception {
        return java.nio.file.Files.readAllLines(procEntry.resolve("status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                .substring("Cpus_allowed_list:".length()).trim();
    }
}
