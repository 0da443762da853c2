package dev.parley.media.cc;

/**
 * The bitrate that reached the receiver, from acknowledged packets placed by their (receiver clock)
 * arrival time into {@value #BUCKET_MICROS} µs buckets; the rate is that of the last
 * {@value #WINDOW_BUCKETS} complete buckets (half a second). This is R in draft-ietf-rmcat-gcc-02
 * §5.5, measured from transport-cc feedback instead of at the receiver.
 *
 * <p>A window with fewer than {@value #MIN_PACKETS} packets keeps the previous rate: an idle sender
 * says nothing about the path. A jump forward in arrival time clears the buckets; a packet older than
 * the ring is dropped. Allocation-free; not thread-safe.
 */
final class AckedBitrate {
    static final long BUCKET_MICROS = 50_000;
    static final int WINDOW_BUCKETS = 10;
    static final int MIN_PACKETS = 3;
    private static final int RING = 16;
    private static final long NONE = Long.MIN_VALUE;

    private final long[] bytes = new long[RING];
    private final int[] packets = new int[RING];
    private long latest = NONE;
    private long first;
    private long rateBps;

    void add(long arrivalMicros, int sizeBytes) {
        long b = Math.floorDiv(arrivalMicros, BUCKET_MICROS);
        if (latest == NONE) {
            latest = b;
            first = b;
        } else if (b > latest) {
            long gap = b - latest;
            for (long i = 1; i <= Math.min(gap, RING); i++) {
                clear(latest + i);
            }
            latest = b;
        } else if (latest - b >= RING) {
            return; // older than anything still kept
        }
        int i = index(b);
        bytes[i] += sizeBytes;
        packets[i]++;
    }

    /** Recomputes the rate from the complete buckets; call once per feedback. */
    void update() {
        if (latest == NONE || latest - first < WINDOW_BUCKETS) {
            return;
        }
        long sum = 0;
        int count = 0;
        for (int k = 1; k <= WINDOW_BUCKETS; k++) {
            int i = index(latest - k);
            sum += bytes[i];
            count += packets[i];
        }
        if (count >= MIN_PACKETS) {
            rateBps = (long) (sum * 8e6 / (WINDOW_BUCKETS * BUCKET_MICROS)); // double: no overflow
        }
    }

    /** Bits/s, 0 until half a second of arrivals was seen. */
    long bps() {
        return rateBps;
    }

    private void clear(long bucket) {
        int i = index(bucket);
        bytes[i] = 0;
        packets[i] = 0;
    }

    private static int index(long bucket) {
        return (int) (bucket & (RING - 1));
    }
}
