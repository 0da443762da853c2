package dev.parley.media.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which media loop a new media-forwarding transport sends from: the one with the fewest such transports,
 * the first loop's count weighted because it also routes every packet and rewrites every copy. SFU thread.
 */
final class LoopBalance {
    private static final Logger log = LoggerFactory.getLogger(LoopBalance.class);
    /** The first loop's routing and rewriting per forwarded copy, as a share of a copy's protect-and-send. */
    static final double ROUTING_SHARE = 0.16;

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
     * Measured with the load tool (docs/PERFORMANCE.md, two loops on two cores): routing and rewriting cost
     * about {@value #ROUTING_SHARE} of what protecting and sending one copy costs (loopback sends, where the
     * kernel's delivery to the receiver is charged to the sender). The first loop then takes the share f of
     * the transports that evens the loops out: r + f = (1 - f) / (N - 1) in units of one copy's sending, so
     * f = (1 - (N - 1) r) / N (0.42 with two loops, none from about seven on), and the weight that gives it
     * with {@link #assign}'s least-loaded choice is (1 / f - 1) / (N - 1). Benchmarks may set
     * {@code -Dparley.firstLoopWeight=W}.
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
