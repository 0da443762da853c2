package dev.parley.media.cc;

import java.util.Arrays;

/**
 * Measures bandwidth probes: packets sent with the same probe cluster id form a cluster, and from the
 * ones feedback reports received, the cluster's send rate and receive rate give what the path carried
 * (draft-ietf-rmcat-gcc-02 §5.5 lets a sender "probe" above its estimate; the computation follows
 * libwebrtc's probe bitrate estimator):
 *
 * <ul>
 *   <li>send rate: bytes of the received packets but the last sent, over first to last send time;
 *   <li>receive rate: bytes of the received packets but the first arrived, over first to last arrival;
 *   <li>result: {@code min(send, receive)}; if the receive rate is below 90 % of the send rate the
 *       path was saturated and the result is 95 % of the receive rate.
 * </ul>
 * A cluster is measured only once at least {@value #MIN_RECEIVED} of its packets arrived and they are
 * at least 80 % of those reported so far (a lossy probe overran the path: its rates lie); intervals
 * that are not positive or exceed a second, or a receive rate over twice the send rate, give no
 * result. Only a probe's own packets count: media sent meanwhile is outside the cluster unless it
 * carries the cluster id too.
 *
 * <p>{@value #SLOTS} clusters are tracked, the oldest forgotten first; an id reused more than
 * {@value #STALE_MICROS} µs after its cluster's last packet starts a new cluster. Allocation-free; not
 * thread-safe.
 */
final class ProbeClusters {
    static final int MIN_RECEIVED = 5;
    static final double MIN_RECEIVED_RATIO = 0.8;
    static final int SLOTS = 8;
    static final long STALE_MICROS = 2_000_000;
    private static final long MAX_INTERVAL_MICROS = 1_000_000;
    private static final double SATURATION_RATIO = 0.9;
    private static final double SATURATED_UTILISATION = 0.95;
    private static final double MAX_VALID_RATIO = 2.0;

    private final int[] id = new int[SLOTS];
    private final long[] created = new long[SLOTS];
    private final long[] lastSent = new long[SLOTS];
    private final int[] reported = new int[SLOTS];
    private final int[] received = new int[SLOTS];
    private final long[] receivedBytes = new long[SLOTS];
    private final long[] minSend = new long[SLOTS];
    private final long[] maxSend = new long[SLOTS];
    private final int[] sizeAtMaxSend = new int[SLOTS];
    private final long[] minArrival = new long[SLOTS];
    private final int[] sizeAtMinArrival = new int[SLOTS];
    private final long[] maxArrival = new long[SLOTS];
    private final boolean[] updated = new boolean[SLOTS];
    private long creations;

    ProbeClusters() {
        Arrays.fill(id, -1);
    }

    /** A packet of cluster {@code cluster} (≥ 0) was sent. */
    void onSent(int cluster, long sendMicros) {
        int s = slotOf(cluster);
        if (s < 0) {
            s = oldestSlot();
            start(s, cluster);
        } else if (Math.abs(sendMicros - lastSent[s]) > STALE_MICROS) {
            start(s, cluster); // the id is being reused for a new probe
        }
        lastSent[s] = sendMicros;
    }

    /** Feedback reported a packet of {@code cluster} for the first time. */
    void onReported(int cluster, boolean wasReceived, long sendMicros, long arrivalMicros, int size) {
        int s = slotOf(cluster);
        if (s < 0) {
            return; // forgotten
        }
        reported[s]++;
        if (!wasReceived) {
            return;
        }
        if (received[s] == 0 || sendMicros < minSend[s]) {
            minSend[s] = sendMicros;
        }
        if (received[s] == 0 || sendMicros >= maxSend[s]) {
            maxSend[s] = sendMicros;
            sizeAtMaxSend[s] = size;
        }
        if (received[s] == 0 || arrivalMicros < minArrival[s]) {
            minArrival[s] = arrivalMicros;
            sizeAtMinArrival[s] = size;
        }
        if (received[s] == 0 || arrivalMicros > maxArrival[s]) {
            maxArrival[s] = arrivalMicros;
        }
        received[s]++;
        receivedBytes[s] += size;
        updated[s] = true;
    }

    /** A packet of {@code cluster} reported lost arrived after all. */
    void onRecovered(int cluster) {
        int s = slotOf(cluster);
        if (s >= 0 && reported[s] > 0) {
            reported[s]--; // it is counted again as received by onReported
        }
    }

    /**
     * The highest valid result among clusters that got new packets since the last call, in bits/s, or
     * 0 if none; clears the "new packets" marks.
     */
    long takeResult() {
        long best = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (updated[s]) {
                updated[s] = false;
                best = Math.max(best, result(s));
            }
        }
        return best;
    }

    private long result(int s) {
        if (received[s] < MIN_RECEIVED || received[s] < MIN_RECEIVED_RATIO * reported[s]) {
            return 0;
        }
        long sendInterval = maxSend[s] - minSend[s];
        long receiveInterval = maxArrival[s] - minArrival[s];
        if (sendInterval <= 0 || sendInterval > MAX_INTERVAL_MICROS
                || receiveInterval <= 0 || receiveInterval > MAX_INTERVAL_MICROS) {
            return 0;
        }
        double sendRate = (receivedBytes[s] - sizeAtMaxSend[s]) * 8e6 / sendInterval;
        double receiveRate = (receivedBytes[s] - sizeAtMinArrival[s]) * 8e6 / receiveInterval;
        if (receiveRate > MAX_VALID_RATIO * sendRate) {
            return 0;
        }
        double rate = Math.min(sendRate, receiveRate);
        if (receiveRate < SATURATION_RATIO * sendRate) {
            rate = SATURATED_UTILISATION * receiveRate;
        }
        return (long) rate;
    }

    private int slotOf(int cluster) {
        for (int s = 0; s < SLOTS; s++) {
            if (id[s] == cluster) {
                return s;
            }
        }
        return -1;
    }

    private int oldestSlot() {
        int oldest = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (id[s] < 0) {
                return s;
            }
            if (created[s] < created[oldest]) {
                oldest = s;
            }
        }
        return oldest;
    }

    private void start(int s, int cluster) {
        id[s] = cluster;
        created[s] = ++creations;
        reported[s] = 0;
        received[s] = 0;
        receivedBytes[s] = 0;
        updated[s] = false;
    }
}
