package dev.parley.sfu.downlink;

/**
 * When a subscriber's downlink probes for more bandwidth. A subscriber held on a lower simulcast layer than
 * it wants sends no more than that layer, so its estimate cannot grow past what it carries: a short
 * cluster of RTP padding at the rate the wanted layers need shows whether they would fit (the estimator
 * judges the cluster from the feedback, as GCC's probe controller does, draft-ietf-rmcat-gcc-02 §5). Probes
 * back off while they keep failing, so a truly narrow link is not flooded. SFU thread only.
 */
final class DownlinkProbe {
    static final long CLUSTER_MS = 300;
    static final long FIRST_BACKOFF_MS = 2_000;
    static final long MAX_BACKOFF_MS = 8_000;
    /** A probe asks for this much more than the wanted layers need, so a success leaves room to switch up. */
    static final double OVERSHOOT = 1.25;

    private int nextCluster;
    private int cluster = -1;
    private long untilMs;
    private long targetBps;
    private long nextAtMs;
    private long backoffMs = FIRST_BACKOFF_MS;
    private long clusters;

    /**
     * Once per allocation: starts a cluster when the subscriber is held below what it wants and one is due.
     *
     * @param neededBps what the wanted layers (and the rest of the downlink) would need
     */
    void consider(long nowMs, boolean constrained, long neededBps) {
        if (cluster >= 0) {
            if (nowMs >= untilMs) {
                cluster = -1;
            }
            return;
        }
        if (!constrained) {
            backoffMs = FIRST_BACKOFF_MS;
            nextAtMs = Math.max(nextAtMs, nowMs + 500); // a fresh constraint first settles for half a second
            return;
        }
        if (nowMs < nextAtMs || neededBps <= 0) {
            return;
        }
        cluster = nextCluster;
        nextCluster = (nextCluster + 1) & 0x7FFFFFFF;
        clusters++;
        untilMs = nowMs + CLUSTER_MS;
        targetBps = (long) (neededBps * OVERSHOOT);
        nextAtMs = untilMs + backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }

    /** The cluster id packets sent now belong to, or -1 outside a probe. */
    int cluster(long nowMs) {
        return cluster >= 0 && nowMs < untilMs ? cluster : -1;
    }

    /** Padding bytes to send for the last {@code elapsedMs} when media alone runs at {@code mediaBps}. */
    long paddingBytes(long nowMs, long elapsedMs, long mediaBps) {
        if (cluster(nowMs) < 0) {
            return 0;
        }
        return Math.max(0, targetBps - mediaBps) * elapsedMs / 8000;
    }

    /** Clusters sent so far. */
    long clusters() {
        return clusters;
    }
}
