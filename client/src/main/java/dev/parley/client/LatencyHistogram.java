package dev.parley.client;

/**
 * Latencies in microseconds in log-linear buckets (16 per power of two, so a percentile is within ~6 %):
 * constant memory whatever the run length. Not thread-safe: its owner locks.
 */
public final class LatencyHistogram {
    private static final int SUB = 16;
    private static final int BUCKETS = 40 * SUB;
    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    public void record(long micros) {
        long v = Math.max(0, micros);
        counts[bucket(v)]++;
        total++;
        max = Math.max(max, v);
    }

    public void clear() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        max = 0;
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    public long count() {
        return total;
    }

    /** The value at quantile {@code q} (0…1), as the bucket's upper bound; 0 when empty. */
    public long percentile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return Math.min(max, upperBound(i));
            }
        }
        return max;
    }

    public long max() {
        return max;
    }

    private static int bucket(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v); // ≥ 4
        int sub = (int) ((v >>> (exp - 4)) & (SUB - 1));
        return Math.min(BUCKETS - 1, (exp - 3) * SUB + sub);
    }

    private static long upperBound(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int exp = bucket / SUB + 3;
        int sub = bucket % SUB;
        return ((long) (SUB + sub + 1) << (exp - 4)) - 1;
    }
}
