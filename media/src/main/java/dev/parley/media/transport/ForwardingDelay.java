package dev.parley.media.transport;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The delay the server adds to a forwarded packet, as one media loop saw it: from the read of the datagram
 * that caused an RTP send (a publisher's packet, or a subscriber's NACK) to the flush that hands the copy
 * to the kernel ({@code sendmmsg}), through routing, decryption, the rewrite, a hand-off to another loop
 * and encryption. One histogram per media loop, written by that loop only; read from any thread.
 *
 * <p>The read time is taken once per read batch, at its first datagram, and given to every datagram of
 * the batch: Netty's epoll transport reads up to {@value UdpPortMux#RECEIVE_BATCH} datagrams with one
 * {@code recvmmsg(2)} and only then hands them on one by one, so the last of them waits for the routing of
 * all the others, and a time taken at each datagram's turn would leave that wait out. It errs toward too
 * much delay, not too little: when a batch's first system call returns less than a full batch, Netty calls
 * again, and what that call returns carries the first call's time though it may have arrived later.
 *
 * <p>What it leaves out: the time a datagram waited in the socket's receive buffer before the read
 * (Netty's epoll transport gives no kernel receive timestamp), and a copy sent over ICE-TCP. Below
 * saturation that wait is short; at overload it is where delay grows, and the socket drops show it.
 *
 * <p>Per packet it costs a bucket search over a few bounds and a plain store (opaque: never torn, seen by
 * a scrape soon); the clock is read once per flush, not per packet.
 */
public final class ForwardingDelay {
    /** Upper bounds of the buckets, nanoseconds: fine around the 1 ms that matters for real-time media. */
    private static final long[] UPPER_NANOS = {
        5_000, 10_000, 25_000, 50_000, 75_000, 100_000, 150_000, 200_000, 300_000, 400_000, 500_000, 750_000,
        1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
        100_000_000, 250_000_000, 500_000_000, 1_000_000_000,
    };
    private static final int SUM = UPPER_NANOS.length + 1;

    /** Per bucket (the last one above every bound), then the sum of all delays in nanoseconds. */
    private final AtomicLongArray counts = new AtomicLongArray(UPPER_NANOS.length + 2);
    /** Read times of the packets written since the last flush; the writing loop's only. */
    private final long[] unflushed;
    private int pending;

    /** @param maxUnflushed writes the loop lets wait for a flush at most */
    ForwardingDelay(int maxUnflushed) {
        unflushed = new long[maxUnflushed];
    }

    /** The loop wrote a packet caused by a datagram read at {@code readNanos} ({@link System#nanoTime}). */
    void written(long readNanos) {
        if (pending == unflushed.length) {
            flushed(System.nanoTime()); // not expected (the loop flushes first); keeps the array bounded regardless
        }
        unflushed[pending++] = readNanos;
    }

    /** The loop flushed its socket at {@code nowNanos}: every packet written since the last flush is sent. */
    void flushed(long nowNanos) {
        for (int i = 0; i < pending; i++) {
            record(nowNanos - unflushed[i]);
        }
        pending = 0;
    }

    /** Counts one delay. The loop's thread. */
    void record(long nanos) {
        long d = Math.max(0, nanos);
        int b = 0;
        while (b < UPPER_NANOS.length && d > UPPER_NANOS[b]) {
            b++;
        }
        counts.setOpaque(b, counts.getPlain(b) + 1);
        counts.setOpaque(SUM, counts.getPlain(SUM) + d);
    }

    /** The buckets' upper bounds in seconds, without the open-ended last bucket. */
    public static double[] upperBoundsSeconds() {
        double[] s = new double[UPPER_NANOS.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = UPPER_NANOS[i] / 1e9;
        }
        return s;
    }

    /** The counts so far. Any thread: each count is exact, the set may be a packet or two apart. */
    public Snapshot snapshot() {
        long[] c = new long[UPPER_NANOS.length + 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.getOpaque(i);
        }
        return new Snapshot(c, counts.getOpaque(SUM) / 1e9);
    }

    /**
     * @param counts packets per bucket (not cumulative), in the order of {@link #upperBoundsSeconds()}, then
     *     those above the largest bound
     * @param sumSeconds the sum of every delay counted
     */
    public record Snapshot(long[] counts, double sumSeconds) {
        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }
}
