package dev.parley.media.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which media loop a new media-forwarding transport sends from: the one with the fewest such transports,
 * the first loop's count weighted because it also receives, decrypts and stores every published packet.
 * SFU thread.
 */
final class LoopBalance {
    private static final Logger log = LoggerFactory.getLogger(LoopBalance.class);
    /**
     * The first loop's own work per forwarded copy, as a share of what a copy costs the loop that sends it
     * (rewrite, SRTP, send). Each loop forwards its own downlinks' copies; the first also receives, decrypts and
     * stores each published packet and copies it once per other loop, about half a copy's cost, shared by the
     * packet's copies: a twentieth at the fan-outs of ten and more that fill a server.
     */
    static final double ROUTING_SHARE = 0.05;

    private final int[] load;
    private final double firstLoopWeight;

    LoopBalance(int loops) {
        load = new int[loops];
        firstLoopWeight = firstLoopWeight(loops);
    }

    int loops() {
        return load.length;
    }

    int assign() {
        int best = 0;
        double bestScore = Double.MAX_VALUE;
        for (int i = load.length - 1; i >= 0; i--) {
            double score = load[i] * (i == 0 ? firstLoopWeight : 1);
            if (score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        load[best]++;
        return best;
    }

    void release(int loop) {
        if (load[loop] > 0) {
            load[loop]--;
        }
    }

    /**
     * With the first loop's extra work r = {@value #ROUTING_SHARE} of a copy (measured with the load tool,
     * docs/PERFORMANCE.md: at 80,000 copies/s and 200 subscribers per stream two loops with an even share used
     * 0.38 and 0.37 of a core), the first loop takes the share f of the transports that evens the loops out:
     * r + f = (1 - f) / (N - 1) in units of one copy, so f = (1 - (N - 1) r) / N (0.475 with two loops, 0.09
     * with eight), and the weight that gives it with {@link #assign}'s least-loaded choice is
     * (1 / f - 1) / (N - 1). Benchmarks may set {@code -Dparley.firstLoopWeight=W}.
     */
    private static double firstLoopWeight(int loops) {
        String set = System.getProperty("parley.firstLoopWeight");
        if (set != null) {
            try {
                double w = Double.parseDouble(set);
                if (w > 0) {
                    return w;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            log.warn("ignoring -Dparley.firstLoopWeight={}: not a positive number", set);
        }
        if (loops == 1) {
            return 1;
        }
        double f = (1 - (loops - 1) * ROUTING_SHARE) / loops;
        return f <= 0 ? 1e9 : (1 / f - 1) / (loops - 1);
    }
}
