package dev.parley.media.rtcp;

import dev.parley.media.rtp.RtpSequenceNumbers;

import java.util.Arrays;

/**
 * Builds the transport-wide CC feedback the server sends
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) from packet arrivals, fed in
 * transport-wide sequence order; gaps are reported as not received.
 *
 * <pre>{@code
 * TransportLayerCcBuilder b = TransportLayerCc.builder(serverSsrc, mediaSsrc, feedbackCount++);
 * for (arrival : arrivalsSinceLastFeedback) {
 *     if (!b.add(arrival.seq(), arrival.micros())) {   // does not fit: send what we have, start anew
 *         send(b.build());
 *         b = TransportLayerCc.builder(serverSsrc, mediaSsrc, feedbackCount++);
 *         b.add(arrival.seq(), arrival.micros());
 *     }
 * }
 * send(b.build());
 * }</pre>
 *
 * <p>The reference time is the first received arrival rounded down to 64 ms; each arrival is rounded
 * down to 250 µs on that grid, so quantisation error does not accumulate. Single-use and not
 * thread-safe.
 */
public final class TransportLayerCcBuilder {
    /** At most half the sequence ring, so that a packet from before the base is never taken as new. */
    private static final int MAX_PACKETS = 0x8000;

    private final long senderSsrc;
    private final long mediaSsrc;
    private final int feedbackPacketCount;
    private int base;
    private int count;
    private byte[] statuses = new byte[64];
    private short[] deltas = new short[64];
    private int received;
    private boolean hasReference;
    private long referenceUnits;
    private long lastTicks;

    TransportLayerCcBuilder(long senderSsrc, long mediaSsrc, int feedbackPacketCount) {
        this.senderSsrc = RtcpHeader.checkUnsigned32("sender SSRC", senderSsrc);
        this.mediaSsrc = RtcpHeader.checkUnsigned32("media SSRC", mediaSsrc);
        this.feedbackPacketCount = feedbackPacketCount & 0xFF;
    }

    /**
     * Reports packet {@code sequenceNumber} (low 16 bits) as arrived at {@code arrivalTimeMicros}
     * (any monotonic clock), or as lost with {@link TransportLayerCc#NOT_RECEIVED}. Every packet
     * between the previous one and this one is reported as not received.
     *
     * @return false, changing nothing, if the packet cannot join this feedback: it is not after the
     *     previous one, it is 2^15 or more after the base, or its delta to the previous arrival does not
     *     fit 16 signed bits of 250 µs (about ±8.2 s)
     */
    public boolean add(int sequenceNumber, long arrivalTimeMicros) {
        int seq = sequenceNumber & 0xFFFF;
        int index = count == 0 ? 0 : RtpSequenceNumbers.distance(base, seq);
        if (count > 0 && (index < count || index >= MAX_PACKETS)) {
            return false;
        }
        if (arrivalTimeMicros == TransportLayerCc.NOT_RECEIVED) {
            append(seq, index, (byte) 0, 0);
            return true;
        }
        long units = hasReference ? referenceUnits
                : Math.floorDiv(arrivalTimeMicros, TransportLayerCc.REFERENCE_TIME_MICROS);
        long ticks = Math.floorDiv(arrivalTimeMicros - units * TransportLayerCc.REFERENCE_TIME_MICROS,
                TransportLayerCc.DELTA_TICK_MICROS);
        long delta = ticks - (hasReference ? lastTicks : 0);
        if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
            return false;
        }
        hasReference = true;
        referenceUnits = units;
        lastTicks = ticks;
        append(seq, index, (byte) (delta >= 0 && delta <= 255 ? 1 : 2), (int) delta);
        return true;
    }

    private void append(int seq, int index, byte status, int delta) {
        if (count == 0) {
            base = seq;
        }
        int newCount = index + 1;
        if (newCount > statuses.length) {
            statuses = Arrays.copyOf(statuses, Math.max(newCount, 2 * statuses.length));
        }
        Arrays.fill(statuses, count, index, (byte) 0);
        statuses[index] = status;
        count = newCount;
        if (status != 0) {
            if (received == deltas.length) {
                deltas = Arrays.copyOf(deltas, 2 * deltas.length);
            }
            deltas[received++] = (short) delta;
        }
    }

    /** Packets reported so far, lost ones included. */
    public int packetCount() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /**
     * The feedback for every packet added.
     *
     * @throws IllegalStateException if no packet was added
     */
    public TransportLayerCc build() {
        if (count == 0) {
            throw new IllegalStateException("TWCC feedback needs at least one packet");
        }
        int referenceTime = (int) (referenceUnits & 0xFF_FFFF); // 24 bits, wrapping
        return new TransportLayerCc(senderSsrc, mediaSsrc, base, referenceTime, feedbackPacketCount,
                Arrays.copyOf(statuses, count), Arrays.copyOf(deltas, received));
    }
}
