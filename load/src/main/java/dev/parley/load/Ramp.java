package dev.parley.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one target through the subscriber steps: grow, let it settle (keyframes, handshakes), reset the
 * counters, measure a window (the target's CPU and memory from /proc, what the subscribers received, the
 * delay the target says it added and the datagrams it says it dropped, when it keeps such metrics),
 * and stop after the first step whose loss is over the threshold.
 */
final class Ramp {
    private final Scenario scenario;
    private final List<Integer> steps;
    private final Duration settle;
    private final Duration window;
    private final double lossThreshold;

    Ramp(Scenario scenario, List<Integer> steps, Duration settle, Duration window, double lossThreshold) {
        this.scenario = scenario;
        this.steps = steps;
        this.settle = settle;
        this.window = window;
        this.lossThreshold = lossThreshold;
    }

    List<StepResult> run(LoadTarget target, Consumer<StepResult> progress) throws Exception {
        List<StepResult> results = new ArrayList<>();
        target.start(scenario);
        for (int subscribers : steps) {
            try {
                target.growTo(subscribers);
            } catch (Exception e) {
                System.err.println(target.name() + ": could not grow to " + subscribers + " subscribers per room: "
                        + e);
                break;
            }
            Thread.sleep(settle.toMillis());
            target.resetCounters();
            Optional<ServerScrape> server0 = target.serverScrape();
            long self = ProcessHandle.current().pid();
            double cpu0 = ProcessStats.cpuSeconds(target.pid());
            var threads0 = ProcessStats.threadCpuSeconds(target.pid());
            double tool0 = ProcessStats.cpuSeconds(self);
            long t0 = System.nanoTime();
            Thread.sleep(window.toMillis());
            Counters c = target.counters();
            Optional<ServerScrape> server = target.serverScrape().flatMap(s1 -> server0.map(s1::since));
            Optional<ServerDelay> delay = server.flatMap(ServerScrape::delay);
            double cpu1 = ProcessStats.cpuSeconds(target.pid());
            var threads1 = ProcessStats.threadCpuSeconds(target.pid());
            double tool1 = ProcessStats.cpuSeconds(self);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long expectedPps = (long) scenario.rooms() * subscribers * scenario.publishers() * scenario.publisherPps();
            double pps = c.packets() / seconds;
            double loss = c.packets() + c.lost() == 0 ? 1.0 : (double) c.lost() / (c.packets() + c.lost());
            // A stream that never arrives has no sequence numbers to count loss from: a shortfall against
            // the send rate over 5 % (well above the pacing jitter of a window) counts as loss too.
            double shortfall = 1.0 - pps / expectedPps;
            if (shortfall > 0.05) {
                loss = Math.max(loss, shortfall);
            }
            double cpu = cpu1 - cpu0;
            StepResult r = new StepResult(target.name(), subscribers, expectedPps, pps, loss,
                    c.latency().percentile(0.5), c.latency().percentile(0.99), cpu / seconds,
                    c.packets() == 0 ? 0 : cpu / (c.packets() / 1e6), ProcessStats.rssMiB(target.pid()),
                    (tool1 - tool0) / seconds, ProcessStats.busiest(threads0, threads1, seconds, 2),
                    delay.map(d -> d.quantileMicros(0.5)).orElse(-1L), delay.map(d -> d.quantileMicros(0.99)).orElse(-1L),
                    server.map(ServerScrape::droppedDatagrams).orElse(-1L));
            results.add(r);
            progress.accept(r);
            if (loss > lossThreshold) {
                break;
            }
        }
        return results;
    }
}
