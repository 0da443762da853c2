package dev.parley.client;

import dev.parley.client.media.PayloadStamp;

/**
 * Counts one remote stream's packets as they arrive (the downlink's receive thread writes; readers take a
 * snapshot under the same lock, uncontended in practice).
 */
final class StreamCounters {
    private final SsrcSequence[] sequences = {new SsrcSequence(), new SsrcSequence()};
    private final LatencyHistogram latency = new LatencyHistogram();
    private long packets;
    private long bytes;
    private long frames;
    private long checked;
    private long damaged;

    /** One received packet of track {@code track} (0 audio, 1 video); payload readable if decrypted. */
    synchronized void onPacket(int track, byte[] buf, int len, int payloadOffset, int payloadLength,
            boolean decrypted, long nowMicros) {
        packets++;
        bytes += len;
        sequences[track].onSequence(((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF));
        if (track == 1 && (buf[1] & 0x80) != 0) {
            frames++;
        }
        if (decrypted && PayloadStamp.isStamped(buf, payloadOffset, payloadLength)) {
            checked++;
            if (!PayloadStamp.isIntact(buf, payloadOffset, payloadLength)) {
                damaged++;
            }
            latency.record(nowMicros - PayloadStamp.sendMicros(buf, payloadOffset, payloadLength));
        }
    }

    synchronized ReceiveStats snapshot() {
        long lost = sequences[0].lost() + sequences[1].lost();
        return new ReceiveStats(packets, bytes, lost, frames, checked, damaged, latency.percentile(0.5),
                latency.percentile(0.99), latency.max());
    }

    /** Starts counting afresh (a load tool's next measurement window); loss counts from the next packet on. */
    synchronized void reset() {
        sequences[0].reset();
        sequences[1].reset();
        latency.clear();
        packets = 0;
        bytes = 0;
        frames = 0;
        checked = 0;
        damaged = 0;
    }

    /** Adds this stream's latencies to {@code into} (for a client-wide or run-wide percentile). */
    synchronized void addLatencies(LatencyHistogram into) {
        into.add(latency);
    }

    /** RFC 3550 Appendix A.1's extended highest sequence number, enough for loss counting. */
    private static final class SsrcSequence {
        private boolean started;
        private long base;
        private long highest; // extended
        private long received;

        void onSequence(int seq) {
            received++;
            if (!started) {
                started = true;
                base = seq;
                highest = seq;
                return;
            }
            long cycle = highest & ~0xFFFFL;
            long candidate = cycle | seq;
            // the extended value closest to the highest seen (RFC 3550 A.1: wrap-around either way)
            if (candidate - highest > 0x8000) {
                candidate -= 0x10000;
            } else if (highest - candidate > 0x8000) {
                candidate += 0x10000;
            }
            if (candidate > highest) {
                highest = candidate;
            }
        }

        void reset() {
            if (started) {
                base = highest + 1;
                received = 0;
            }
        }

        long lost() {
            if (!started) {
                return 0;
            }
            return Math.max(0, highest - base + 1 - received);
        }
    }
}
