package dev.parley.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The run's results as Markdown: one table of every step, and a summary with the ratios to the relay floor. */
final class Report {
    private Report() {
    }

    static String header() {
        return "| target | subs/room | expected pps | forwarded pps | loss % | p50 ms | p99 ms | server p50 ms"
                + " | server p99 ms | server drops | CPU cores | CPU s / 1M pkts | RSS MiB | tool CPU cores"
                + " | busiest threads (cores) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }

    static String row(StepResult r) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %s | %s | %s | %.2f | %.2f | %.0f | %.2f | %s |",
                r.target(), r.subscribers(), r.expectedPps(), r.forwardedPps(), r.loss() * 100, r.p50Micros() / 1000.0,
                r.p99Micros() / 1000.0, serverMs(r.serverP50Micros()), serverMs(r.serverP99Micros()),
                r.serverDrops() < 0 ? "–" : Long.toString(r.serverDrops()), r.cpuCores(),
                r.cpuSecondsPerMillion(), r.rssMiB(), r.toolCpuCores(), r.busiestThreads());
    }

    /** The server's own delay measure in ms, to the microsecond; a dash for a target that keeps none. */
    private static String serverMs(long micros) {
        return micros < 0 ? "–" : String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    static String markdown(List<StepResult> all, Scenario s, List<Integer> steps, String args, String loadBefore,
            String loadAfter, String date) {
        StringBuilder md = new StringBuilder();
        md.append("### Load run ").append(date).append("\n\n");
        md.append("- machine: ").append(ProcessStats.machine()).append('\n');
        md.append("- command: `java -jar load/target/parley-load.jar ").append(args).append("`\n");
        md.append("- load average before / after: ").append(loadBefore).append(" / ").append(loadAfter).append('\n');
        md.append(String.format(Locale.ROOT, "- scenario: %d room(s) × %d publishers (%d pps each: %s), subscribers"
                + " per room %s, each receiving every publisher; system under test pinned to CPUs: %s%n", s.rooms(),
                s.publishers(), s.publisherPps(), describe(s), steps, s.cpus().isEmpty() ? "not pinned" : s.cpus()));
        md.append('\n').append(header()).append('\n');
        all.forEach(r -> md.append(row(r)).append('\n'));
        md.append('\n').append(summary(all)).append('\n').append(atCommonStep(all)).append('\n');
        return md.toString();
    }

    private static String describe(Scenario s) {
        var m = s.media();
        return (m.video() ? m.videoPacketsPerSecond() + " pps × " + m.videoPacketSize() + " B VP8-shaped at "
                + m.fps() + " fps" : "") + (m.audio() ? " + " + m.audioPacketsPerSecond() + " pps × "
                + m.audioPacketSize() + " B Opus-shaped" : "");
    }

    /**
     * Per target, the largest step every target carried under 0.1 % loss: the same load for all, since a
     * server's cost per packet falls as its fixed costs are spread over more packets.
     */
    static String atCommonStep(List<StepResult> all) {
        Map<String, java.util.Set<Integer>> clean = new LinkedHashMap<>();
        for (StepResult r : all) {
            clean.computeIfAbsent(r.target(), t -> new java.util.TreeSet<>());
            if (r.loss() < 0.001) {
                clean.get(r.target()).add(r.subscribers());
            }
        }
        Optional<Integer> common = clean.values().stream().flatMap(java.util.Set::stream).distinct()
                .filter(n -> clean.values().stream().allMatch(set -> set.contains(n))).max(Integer::compare);
        if (common.isEmpty()) {
            return "No step was carried under 0.1 % loss by every target.\n";
        }
        int n = common.get();
        Map<String, StepResult> at = new LinkedHashMap<>();
        all.stream().filter(r -> r.subscribers() == n).forEach(r -> at.put(r.target(), r));
        Optional<StepResult> floor = Optional.ofNullable(at.get("relay floor"));
        Optional<StepResult> janus = Optional.ofNullable(at.get("Janus"));
        StringBuilder md = new StringBuilder();
        md.append("At the same load, the largest every target carried under 0.1 % loss (").append(n)
                .append(" subscribers per room):\n\n| target | forwarded pps | p99 ms | server p99 ms | CPU s / 1M pkts |"
                        + " forwarded pkts per CPU-second | ÷ relay floor's | ÷ Janus's |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        at.forEach((name, r) -> md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %s | %.2f | %.0f | %s | %s |%n",
                name, r.forwardedPps(), r.p99Micros() / 1000.0, serverMs(r.serverP99Micros()), r.cpuSecondsPerMillion(),
                r.packetsPerCpuSecond(),
                ratio(r, floor), ratio(r, janus))));
        return md.toString();
    }

    private static String ratio(StepResult r, Optional<StepResult> to) {
        return to.filter(t -> t.packetsPerCpuSecond() > 0)
                .map(t -> String.format(Locale.ROOT, "%.2f", r.packetsPerCpuSecond() / t.packetsPerCpuSecond()))
                .orElse("–");
    }

    /** Per target, its best step under 0.1 % loss and the ratio to the relay floor's. */
    static String summary(List<StepResult> all) {
        Map<String, Optional<StepResult>> best = new LinkedHashMap<>();
        for (StepResult r : all) {
            best.putIfAbsent(r.target(), Optional.empty());
            if (r.loss() < 0.001 && best.get(r.target()).map(b -> b.forwardedPps() < r.forwardedPps()).orElse(true)) {
                best.put(r.target(), Optional.of(r));
            }
        }
        Optional<StepResult> floor = best.getOrDefault("relay floor", Optional.empty());
        Optional<StepResult> janus = best.getOrDefault("Janus", Optional.empty());
        StringBuilder md = new StringBuilder();
        md.append("| target | most forwarded pps at < 0.1 % loss | p99 ms there | server p99 ms there |"
                + " forwarded pkts per CPU-second | ÷ relay floor's | ÷ Janus's |\n|---|---:|---:|---:|---:|---:|---:|\n");
        best.forEach((name, b) -> md.append(b.map(r -> String.format(Locale.ROOT, "| %s | %.0f | %.2f | %s | %.0f | %s | %s |",
                name, r.forwardedPps(), r.p99Micros() / 1000.0, serverMs(r.serverP99Micros()), r.packetsPerCpuSecond(),
                ratio(r, floor), ratio(r, janus))).orElse("| " + name + " | no step under 0.1 % loss | | | | | |"))
                .append('\n'));
        return md.toString();
    }
}
