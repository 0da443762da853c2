package dev.parley.media.cc;

/**
 * Groups acknowledged packets into send bursts and measures how the one-way delay varies from one
 * group to the next (draft-ietf-rmcat-gcc-02 §5.1 arrival-time model, §5.2 pre-filtering).
 *
 * <p>A group is the packets sent within {@value #BURST_MICROS} µs of its first one (§5.1: a video
 * frame or a pacer burst); a packet that arrives within 5 ms of the group's last one while its
 * propagation delay shrank also joins it (§5.2: a burst released by a queue says nothing about the
 * path); one that arrives before the group's last one is reordered, not part of a burst. When a group completes, {@code d(i) = t(i) - t(i-1) - (T(i) - T(i-1))} between the last two
 * complete groups is ready (arrival delta minus send delta, both from each group's last packet).
 *
 * <p>Odd input: a packet sent before the current group is out of order and ignored; an arrival delta
 * that differs from the send delta by more than {@value #CLOCK_JUMP_MICROS} µs means the receiver's
 * clock (or its feedback) jumped, and three consecutive negative arrival deltas mean the arrival
 * times cannot be trusted: both start over, which {@link #takeReset()} reports. Not thread-safe.
 */
final class InterGroupDelay {
    static final long BURST_MICROS = 5_000;
    /** A burst may not grow longer than this, or a steady queue would make one endless group. */
    static final long MAX_BURST_MICROS = 100_000;
    static final long CLOCK_JUMP_MICROS = 3_000_000;
    static final int REORDERED_RESET = 3;

    private boolean hasCurrent;
    private long firstSend;
    private long lastSend;
    private long firstArrival;
    private long lastArrival;
    private boolean hasPrevious;
    private long previousSend;
    private long previousArrival;
    private int reordered;
    private boolean reset;

    private long sendDelta;
    private long arrivalDelta;
    private long groupArrival;

    /**
     * Adds one acknowledged packet.
     *
     * @return true if a group completed, making {@link #sendDeltaMicros()}, {@link #arrivalDeltaMicros()}
     *     and {@link #groupArrivalMicros()} valid for the pair of groups before this packet
     */
    boolean add(long sendMicros, long arrivalMicros) {
        if (!hasCurrent) {
            startGroup(sendMicros, arrivalMicros);
            return false;
        }
        if (sendMicros < firstSend) {
            return false; // §5.2: sent before the group being built, i.e. reordered; ignore it
        }
        if (!startsNewGroup(sendMicros, arrivalMicros)) {
            lastSend = Math.max(lastSend, sendMicros);
            lastArrival = Math.max(lastArrival, arrivalMicros);
            return false;
        }
        boolean ready = false;
        if (hasPrevious) {
            long sd = lastSend - previousSend;
            long ad = lastArrival - previousArrival;
            if (Math.abs(ad - sd) > CLOCK_JUMP_MICROS) {
                startOver(sendMicros, arrivalMicros);
                return false;
            }
            if (ad < 0) {
                // The group arrived before the one sent before it: no usable delta. Drop it and
                // measure the next group against the previous one; persistent reordering starts over.
                if (++reordered >= REORDERED_RESET) {
                    startOver(sendMicros, arrivalMicros);
                } else {
                    startGroup(sendMicros, arrivalMicros);
                }
                return false;
            }
            reordered = 0;
            sendDelta = sd;
            arrivalDelta = ad;
            groupArrival = lastArrival;
            ready = true;
        }
        hasPrevious = true;
        previousSend = lastSend;
        previousArrival = lastArrival;
        startGroup(sendMicros, arrivalMicros);
        return ready;
    }

    private boolean startsNewGroup(long send, long arrival) {
        if (belongsToBurst(send, arrival)) {
            return false;
        }
        return send - firstSend > BURST_MICROS;
    }

    private boolean belongsToBurst(long send, long arrival) {
        long ad = arrival - lastArrival;
        long sd = send - lastSend;
        if (sd == 0) {
            return true;
        }
        long propagationDelta = ad - sd;
        return propagationDelta < 0 && ad >= 0 && ad <= BURST_MICROS && arrival - firstArrival < MAX_BURST_MICROS;
    }

    private void startGroup(long send, long arrival) {
        hasCurrent = true;
        firstSend = send;
        lastSend = send;
        firstArrival = arrival;
        lastArrival = arrival;
    }

    private void startOver(long send, long arrival) {
        hasPrevious = false;
        reordered = 0;
        reset = true;
        startGroup(send, arrival);
    }

    /** True once after the measurement started over (clock jump or persistent reordering). */
    boolean takeReset() {
        boolean r = reset;
        reset = false;
        return r;
    }

    long sendDeltaMicros() {
        return sendDelta;
    }

    long arrivalDeltaMicros() {
        return arrivalDelta;
    }

    /** Arrival time of the last packet of the later group of the pair. */
    long groupArrivalMicros() {
        return groupArrival;
    }
}
