package dev.parley.media.cc;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtcp.TransportLayerCc;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * A deterministic discrete-event simulation of one SFU-to-browser downlink for the estimator's tests,
 * in simulated time (1 ms steps, no wall clock):
 *
 * <ul>
 *   <li>the sender paces media at {@code min(estimate, appRate)} in 1200-byte packets every 5 ms, and
 *       padding probes when asked, stamping each with a transport-wide sequence number (starting near
 *       the 16-bit wrap so that every run crosses it);
 *   <li>a bottleneck link: FIFO at {@code capacity}, drop-tail once the queue holds more than
 *       {@code maxQueue} of sending time, a one-way propagation delay, optional random loss (seeded);
 *   <li>the receiver records arrivals with {@link TransportWideFeedback} and flushes feedback every
 *       100 ms, which is written to bytes, carried back over the propagation delay, parsed and handed to
 *       the estimator.
 * </ul>
 */
final class SimulatedDownlink {
    static final int MEDIA_PACKET_BYTES = 1200;
    static final int PROBE_PACKET_BYTES = 1000;
    static final long TICK_MICROS = 5_000;
    static final long FEEDBACK_INTERVAL_MICROS = 100_000;
    private static final long STEP_MICROS = 1_000;

    final SendSideBandwidthEstimator estimator;
    private final long propagationMicros;
    private final long maxQueueMicros;
    private final Random random;
    private final TransportWideFeedback receiver = new TransportWideFeedback(0x0B0B_0B0BL);
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Object[]> feedbackInFlight = new ArrayDeque<>();

    private long capacityBps;
    private long receiverClockOffset;
    private double randomLoss;
    private long appRateBps = Long.MAX_VALUE;
    private long now = 1_000_000;
    private int seq = 65_000;
    private long linkFreeAt;
    private double mediaBudgetBits;
    private double probeBudgetBits;
    private long probeRateBps;
    private long probeUntil;
    private int probeCluster = -1;
    private int nextCluster;
    private long minEstimateSeen = Long.MAX_VALUE;
    private long maxEstimateSeen;

    SimulatedDownlink(SendSideBandwidthEstimator estimator, long capacityBps, long propagationMicros,
                      long maxQueueMicros, long seed) {
        this.estimator = estimator;
        this.capacityBps = capacityBps;
        this.propagationMicros = propagationMicros;
        this.maxQueueMicros = maxQueueMicros;
        this.random = new Random(seed);
    }

    SimulatedDownlink capacity(long bps) {
        capacityBps = bps;
        return this;
    }

    /** Shifts the receiver's clock (the feedback's arrival times) by {@code micros} against the sender's. */
    SimulatedDownlink receiverClockOffset(long micros) {
        receiverClockOffset = micros;
        return this;
    }

    SimulatedDownlink randomLoss(double fraction) {
        randomLoss = fraction;
        return this;
    }

    SimulatedDownlink appRate(long bps) {
        appRateBps = bps;
        return this;
    }

    /** Sends padding at {@code bps} on top of the media for {@code micros}, as one new probe cluster. */
    void probe(long bps, long micros) {
        probeRateBps = bps;
        probeUntil = now + micros;
        probeCluster = nextCluster++;
        probeBudgetBits = 0;
    }

    /** Runs for {@code micros} of simulated time; min/max estimates seen are tracked from now on. */
    SimulatedDownlink run(long micros) {
        minEstimateSeen = Long.MAX_VALUE;
        maxEstimateSeen = 0;
        long end = now + micros;
        while (now < end) {
            step();
            now += STEP_MICROS;
        }
        return this;
    }

    long estimate() {
        return estimator.estimateBps();
    }

    long minEstimateSeen() {
        return minEstimateSeen;
    }

    long maxEstimateSeen() {
        return maxEstimateSeen;
    }

    long now() {
        return now;
    }

    private void step() {
        while (!feedbackInFlight.isEmpty() && (long) feedbackInFlight.peekFirst()[0] <= now) {
            byte[] wire = (byte[]) feedbackInFlight.pollFirst()[1];
            try {
                estimator.onFeedback(TransportLayerCc.parse(wire, 0, wire.length), now);
            } catch (MalformedPacketException e) {
                throw new AssertionError("the receiver wrote feedback that does not parse", e);
            }
        }
        if (now % TICK_MICROS == 0) {
            sendTick();
        }
        if (now % FEEDBACK_INTERVAL_MICROS == 0) {
            sendFeedback();
        }
        long e = estimator.estimateBps();
        minEstimateSeen = Math.min(minEstimateSeen, e);
        maxEstimateSeen = Math.max(maxEstimateSeen, e);
    }

    private void sendTick() {
        double seconds = TICK_MICROS / 1e6;
        mediaBudgetBits += Math.min(estimator.estimateBps(), appRateBps) * seconds;
        while (mediaBudgetBits >= MEDIA_PACKET_BYTES * 8) {
            send(MEDIA_PACKET_BYTES, -1);
            mediaBudgetBits -= MEDIA_PACKET_BYTES * 8;
        }
        if (now < probeUntil) {
            probeBudgetBits += probeRateBps * seconds;
            while (probeBudgetBits >= PROBE_PACKET_BYTES * 8) {
                send(PROBE_PACKET_BYTES, probeCluster);
                probeBudgetBits -= PROBE_PACKET_BYTES * 8;
            }
        }
    }

    private void send(int size, int cluster) {
        estimator.onPacketSent(seq, size, now, cluster);
        long start = Math.max(now, linkFreeAt);
        if (start - now <= maxQueueMicros) {
            linkFreeAt = start + size * 8L * 1_000_000 / capacityBps;
            if (random.nextDouble() >= randomLoss) {
                inFlight.addLast(new long[] {seq, linkFreeAt + propagationMicros});
            }
        } // else drop-tail: the queue is full
        seq = (seq + 1) & 0xFFFF;
    }

    private void sendFeedback() {
        while (!inFlight.isEmpty() && inFlight.peekFirst()[1] <= now) {
            long[] p = inFlight.pollFirst();
            receiver.onPacket((int) p[0], p[1] + receiverClockOffset);
        }
        receiver.flush(0x1234L, fb -> {
            byte[] wire = new byte[fb.length()];
            fb.write(wire, 0);
            feedbackInFlight.addLast(new Object[] {now + propagationMicros, wire});
        });
    }
}
