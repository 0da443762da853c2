package dev.parley.media.cc;

import dev.parley.media.rtcp.TransportLayerCc;
import dev.parley.media.rtcp.TransportLayerCcBuilder;
import dev.parley.media.rtp.RtpSequenceNumbers;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The receive side of transport-wide congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3): records the arrival time of every packet of
 * one transport by its transport-wide sequence number, and on each {@link #flush} reports every packet
 * since the previous flush — received with its arrival time, or not received — as one or more
 * {@link TransportLayerCc} packets. The sender's delay-based estimator (GCC) works on those reports.
 *
 * <p>Arrivals live in a ring of {@value #WINDOW} slots indexed by the unwrapped sequence number: the
 * packet path allocates nothing. Feedback is built on the caller's timer (every 50-100 ms, as libwebrtc
 * does), where allocation is fine.
 *
 * <p>Reordering: a packet that arrives after a flush reported it as not received moves the start of
 * the next feedback back to it, so it is reported again as received (libwebrtc's receiver does the same;
 * the sender takes the later report). Duplicates keep their first arrival. A jump of more than the
 * window forgets what falls out of it. Not thread-safe: one owner thread.
 */
public final class TransportWideFeedback {
    /** Slots in the arrival ring: 2^12 packets, seconds of video at any sane bitrate. */
    static final int WINDOW = 1 << 12;
    /**
     * Packets per feedback packet at most: 400 statuses and deltas write under 1000 bytes even with
     * every delta large (2 bytes each), so one feedback always fits a datagram.
     */
    static final int MAX_PACKETS_PER_FEEDBACK = 400;
    /** How far back a late packet may reopen reporting (libwebrtc keeps a similar bounded history). */
    static final int MAX_REOPEN = WINDOW / 2;
    private static final long NONE = Long.MIN_VALUE;

    private final long senderSsrc;
    private final long[] sequenceBySlot = new long[WINDOW];
    private final long[] arrivalBySlot = new long[WINDOW];
    private boolean started;
    /** Unwrapped (64-bit, monotonic) transport-wide sequence numbers. */
    private long highest;
    private long nextToReport;
    private int feedbackCount;

    /** @param senderSsrc the SSRC this side sends its RTCP from */
    public TransportWideFeedback(long senderSsrc) {
        this.senderSsrc = senderSsrc;
        Arrays.fill(sequenceBySlot, NONE);
    }

    /**
     * Records one packet. Allocation-free.
     *
     * @param sequenceNumber the packet's transport-wide sequence number (low 16 bits are used)
     * @param arrivalMicros  its arrival time on a monotonic clock, in microseconds
     */
    public void onPacket(int sequenceNumber, long arrivalMicros) {
        int seq = sequenceNumber & 0xFFFF;
        long unwrapped;
        if (!started) {
            started = true;
            unwrapped = seq;
            highest = unwrapped;
            nextToReport = unwrapped;
        } else {
            // RFC 3550 §A.1 style unwrapping: the nearer of the two directions on the 16-bit ring.
            unwrapped = highest + RtpSequenceNumbers.distance((int) (highest & 0xFFFF), seq);
            if (unwrapped > highest) {
                highest = unwrapped;
                if (highest - nextToReport >= WINDOW) {
                    nextToReport = highest - WINDOW + 1; // older arrivals are gone from the ring
                }
            } else if (unwrapped < nextToReport) {
                if (highest - unwrapped >= MAX_REOPEN) {
                    return; // too old to report again
                }
                nextToReport = unwrapped;
            }
        }
        int slot = (int) (unwrapped & (WINDOW - 1));
        if (sequenceBySlot[slot] == unwrapped) {
            return; // duplicate: the first arrival counts
        }
        sequenceBySlot[slot] = unwrapped;
        arrivalBySlot[slot] = arrivalMicros;
    }

    /** True if packets arrived (or were found missing) since the last flush. */
    public boolean hasPending() {
        return started && nextToReport <= highest;
    }

    /**
     * Reports every packet since the last flush to {@code sink}, as as many feedback packets as it takes
     * (each with the next feedback packet count), and forgets them. Nothing is sent if nothing arrived.
     *
     * @param mediaSsrc the media source the feedback names (draft §3.1: informational, e.g. the video
     *                  SSRC of the transport; 0 if none is known)
     * @return the number of feedback packets sent
     */
    public int flush(long mediaSsrc, Consumer<TransportLayerCc> sink) {
        if (!hasPending()) {
            return 0;
        }
        int sent = 0;
        TransportLayerCcBuilder b = TransportLayerCc.builder(senderSsrc, mediaSsrc, feedbackCount++);
        for (long u = nextToReport; u <= highest; u++) {
            int slot = (int) (u & (WINDOW - 1));
            long arrival = sequenceBySlot[slot] == u ? arrivalBySlot[slot] : TransportLayerCc.NOT_RECEIVED;
            int seq = (int) (u & 0xFFFF);
            if (b.packetCount() >= MAX_PACKETS_PER_FEEDBACK || !b.add(seq, arrival)) {
                // Full, or the delta does not fit 16 bits of 250 µs: send and start a new feedback (draft §3.1.5).
                sink.accept(b.build());
                sent++;
                b = TransportLayerCc.builder(senderSsrc, mediaSsrc, feedbackCount++);
                b.add(seq, arrival); // always fits an empty feedback
            }
        }
        sink.accept(b.build());
        sent++;
        nextToReport = highest + 1;
        return sent;
    }

    /** Feedback packets built so far (the next one's 8-bit feedback packet count, unmasked). */
    public int feedbackCount() {
        return feedbackCount;
    }
}
