package dev.parley.sfu.downlink;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A subscription's RFC 4588 retransmission stream toward its subscriber: its own SSRC (offered with
 * {@code a=ssrc-group:FID}) and sequence numbers, used once the subscriber's answer accepted the RTX
 * payload type. It carries NACK answers and bandwidth-probe padding. The subscription's media loop, but for
 * {@link #enable}, which the SFU thread calls when an answer arrives.
 */
final class RtxStream {
    private final long ssrc;
    /** Set on the SFU thread (the answer), read on the subscription's loop: volatile. */
    private volatile int payloadType = -1;
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);

    /** @param mediaSsrc the media stream's SSRC, which the RTX SSRC must differ from (RFC 4588 §4) */
    RtxStream(long mediaSsrc) {
        long r;
        do {
            r = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        } while (r == mediaSsrc);
        this.ssrc = r;
    }

    long ssrc() {
        return ssrc;
    }

    /** The subscriber accepted RTX with this payload type: retransmit as RFC 4588 packets from now on. */
    void enable(int payloadType) {
        this.payloadType = payloadType;
    }

    boolean enabled() {
        return payloadType >= 0;
    }

    /** Writes the stored packet as an RTX packet (RFC 4588 §4: OSN first) into {@code out}; returns its length. */
    int write(byte[] stored, int len, byte[] out, long timestamp, int originalSeq, int transportWideId) {
        int n = RtxEncapsulation.write(stored, len, out, payloadType, seq, timestamp, ssrc, originalSeq,
                transportWideId);
        seq = (seq + 1) & 0xFFFF;
        return n;
    }

    /**
     * Writes a padding-only RTX packet (RFC 3550 §5.1 padding, no OSN: it repairs nothing) for bandwidth
     * probing; {@code padding} is 1..255 bytes. Only when enabled.
     */
    int writePadding(byte[] out, long timestamp, int padding, int transportWideId) {
        if (payloadType < 0 || padding < 1 || padding > 255) {
            throw new IllegalStateException("padding needs RTX and 1..255 bytes");
        }
        int n = RtxEncapsulation.writePadding(out, payloadType, seq, timestamp, ssrc, padding, transportWideId);
        seq = (seq + 1) & 0xFFFF;
        return n;
    }
}
