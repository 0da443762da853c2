package dev.parley.load;

/**
 * One measurement window of one target.
 *
 * @param subscribers subscribers per room
 * @param expectedPps packets per second the subscribers should receive in all
 * @param forwardedPps packets per second they did receive
 * @param loss lost / expected over the window (0 … 1)
 * @param cpuCores CPU seconds the target used per second of the window
 * @param cpuSecondsPerMillion CPU seconds per million forwarded packets
 * @param rssMiB the target's resident memory at the end of the window
 * @param toolCpuCores CPU seconds the load tool itself used per second: near the cores it may use, the
 *     tool, not the target, is the limit
 * @param busiestThreads the target's two busiest threads and the cores each used ("media-1-1 0.82, …"):
 *     a thread near 1.00 is a wall however many cores the process has
 * @param serverP50Micros the median of the delay the target itself measured between reading a packet and
 *     sending its copies (Parley's {@code parley_media_forwarding_delay_seconds}); -1 when it has no such measure
 * @param serverP99Micros its 99th percentile, likewise
 * @param serverDrops datagrams the target says it dropped in the window (kernel receive buffers full, or
 *     between its loops); -1 when it does not say
 */
record StepResult(String target, int subscribers, long expectedPps, double forwardedPps, double loss, long p50Micros,
        long p99Micros, double cpuCores, double cpuSecondsPerMillion, double rssMiB, double toolCpuCores,
        String busiestThreads, long serverP50Micros, long serverP99Micros, long serverDrops) {

    /** Forwarded packets per CPU-second of the target. */
    double packetsPerCpuSecond() {
        return cpuCores <= 0 ? 0 : forwardedPps / cpuCores;
    }
}
