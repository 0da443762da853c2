package dev.parley.client;

/**
 * What a client received of one remote stream (or, summed, of all): a snapshot.
 *
 * @param packets RTP packets received (audio and video)
 * @param bytes their SRTP bytes
 * @param lost packets missing from the sequence numbers seen (RFC 3550 §6.4.1 "cumulative number of
 *     packets lost": expected minus received; a late packet counts as received)
 * @param videoFrames video frames completed (packets with the marker bit)
 * @param checked payloads checked against their {@code PayloadStamp} (synthetic sources only)
 * @param damaged checked payloads whose bytes were not what the sender wrote
 * @param latencyP50Micros median send-to-receive time of the checked payloads (0 when none)
 * @param latencyP99Micros 99th percentile of it
 * @param latencyMaxMicros largest of it
 */
public record ReceiveStats(long packets, long bytes, long lost, long videoFrames, long checked, long damaged,
        long latencyP50Micros, long latencyP99Micros, long latencyMaxMicros) {

    /** Lost as a share of expected (0 … 1). */
    public double lossRatio() {
        long expected = packets + lost;
        return expected == 0 ? 0 : (double) lost / expected;
    }
}
