package dev.parley.server.sfu;

import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpSequenceNumbers;
import dev.parley.media.sdp.MediaKind;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One subscriber's copy of one published track (mediasoup's Consumer): rewrites SSRC, sequence number and
 * timestamp so the subscriber sees one continuous stream of its own, starts video at a keyframe, answers
 * NACKs from the publication's buffer and translates the publisher's sender reports (so lip sync holds).
 * SFU thread only.
 */
final class TrackSubscription {
    /** Where a subscription's packets go: the subscriber's downlink, without knowing its class. */
    interface Sink {
        /** Protects and sends; {@code buf} has headroom for the SRTP tag. */
        void sendRtp(byte[] buf, int off, int len);

        void sendRtcp(byte[] buf, int off, int len);

        /** A reusable buffer of {@code RetransmissionBuffer.SLOT_BYTES} plus SRTP headroom. */
        byte[] scratch();

        /** Whether packets can reach the subscriber now (its downlink finished DTLS). */
        boolean connected();
    }

    /** Bytes the RFC 8285 §4.2 block with one audio-level element adds: 4 header + 1 + 1 + 2 padding. */
    static final int AUDIO_LEVEL_BLOCK = 8;

    private final PublishedTrack source;
    private final String streamId;
    private final String trackId;
    private final long ssrc;
    private final Sink sink;
    private boolean active;
    private boolean started;
    private int seqOffset;
    private long tsOffset;
    private long highestInExt;
    private long firstInExt;
    private long packetsSent;
    private long octetsSent;
    // RFC 4588 toward the subscriber, once its answer accepted the RTX format; -1 while it did not.
    private final long rtxSsrc;
    private int rtxPayloadType = -1;
    private int rtxSeq;
    private long retransmissions;
    // RFC 6464 toward the subscriber: the downlink extmap id its answer kept, or -1 (no extension written).
    private int audioLevelId = -1;

    TrackSubscription(PublishedTrack source, String streamId, String trackId, Sink sink) {
        this.source = source;
        this.streamId = streamId;
        this.trackId = trackId;
        this.sink = sink;
        this.ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        long r;
        do {
            r = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        } while (r == ssrc);
        this.rtxSsrc = r;
        this.rtxSeq = ThreadLocalRandom.current().nextInt(0x10000);
    }

    /** The SSRC of this subscription's RTX stream (offered with {@code a=ssrc-group:FID}, video only). */
    long rtxSsrc() {
        return rtxSsrc;
    }

    /** The subscriber accepted RTX with this payload type: retransmit as RFC 4588 packets from now on. */
    void enableRtx(int payloadType) {
        rtxPayloadType = payloadType;
    }

    /**
     * The subscriber's answer kept {@code a=extmap:<id> urn:ietf:params:rtp-hdrext:ssrc-audio-level}: from now
     * on packets carry the publisher's level in a one-byte-header extension (RFC 8285 §4.2), ids 1..14.
     */
    void enableAudioLevel(int id) {
        if (id < 1 || id > 14) {
            throw new IllegalArgumentException("one-byte header extension id must be 1..14: " + id);
        }
        audioLevelId = id;
    }

    /** A later answer dropped the extension: packets go without it again. */
    void disableAudioLevel() {
        audioLevelId = -1;
    }

    boolean audioLevelEnabled() {
        return audioLevelId > 0;
    }

    boolean rtxEnabled() {
        return rtxPayloadType >= 0;
    }

    /** Packets resent in answer to the subscriber's NACKs. */
    long retransmissions() {
        return retransmissions;
    }

    PublishedTrack source() {
        return source;
    }

    String streamId() {
        return streamId;
    }

    String trackId() {
        return trackId;
    }

    long ssrc() {
        return ssrc;
    }

    MediaKind kind() {
        return source.kind();
    }

    /**
     * The subscriber has answered the offer containing this track: start forwarding. The keyframe is
     * requested now only if the downlink is connected; otherwise the downlink asks when it connects, so
     * the keyframe is not spent before it can be delivered.
     */
    void activate() {
        if (!active) {
            active = true;
            source.add(this);
            if (sink.connected()) {
                source.requestKeyframe();
            }
        }
    }

    void detach() {
        active = false;
        source.remove(this);
    }

    /**
     * A normalised packet from the source (see {@link RetransmissionBuffer}); {@code audioLevel} is its
     * RFC 6464 §3 byte, or -1.
     */
    void forward(byte[] packet, int len, int inSeq, long inTs, boolean keyframeStart, int audioLevel) {
        if (!started) {
            if (!sink.connected() || source.kind() == MediaKind.VIDEO && !keyframeStart) {
                return; // a decoder cannot start mid-GOP; the keyframe was requested on activate()
            }
            started = true;
            ThreadLocalRandom r = ThreadLocalRandom.current();
            highestInExt = 0x10000L + inSeq; // extended numbers stay positive even for older packets
            firstInExt = highestInExt;
            seqOffset = r.nextInt(0x10000) - inSeq;
            tsOffset = r.nextLong(0x100000000L) - inTs;
        } else {
            // Unwrapped against the newest packet, not the first: a stream outlives half the sequence space.
            long ext = highestInExt + RtpSequenceNumbers.distance((int) highestInExt, inSeq);
            if (ext < firstInExt) {
                return; // older than where this subscription started
            }
            highestInExt = Math.max(highestInExt, ext);
        }
        send(packet, len, inSeq, inTs, audioLevel);
        packetsSent++;
        octetsSent += len - RtpPacket.FIXED_HEADER_LENGTH;
    }

    private void send(byte[] packet, int len, int inSeq, long inTs, int audioLevel) {
        byte[] out = sink.scratch();
        int n = len;
        if (audioLevelId > 0 && audioLevel >= 0 && len + AUDIO_LEVEL_BLOCK <= RetransmissionBuffer.SLOT_BYTES) {
            n = writeWithAudioLevel(packet, len, out, audioLevel);
        } else {
            System.arraycopy(packet, 0, out, 0, len);
        }
        int seq = (inSeq + seqOffset) & 0xFFFF;
        long ts = (inTs + tsOffset) & 0xFFFFFFFFL;
        out[2] = (byte) (seq >>> 8);
        out[3] = (byte) seq;
        out[4] = (byte) (ts >>> 24);
        out[5] = (byte) (ts >>> 16);
        out[6] = (byte) (ts >>> 8);
        out[7] = (byte) ts;
        out[8] = (byte) (ssrc >>> 24);
        out[9] = (byte) (ssrc >>> 16);
        out[10] = (byte) (ssrc >>> 8);
        out[11] = (byte) ssrc;
        sink.sendRtp(out, 0, n);
    }

    /**
     * Copies a normalised packet into {@code out} with the X bit set and, after the 12-byte header, the
     * RFC 8285 §4.2 one-byte-header block: 0xBEDE, length 1 (32-bit words), element {@code (id << 4) | L}
     * with L = 0 (one data byte), the RFC 6464 §3 byte, two padding bytes (RFC 8285 §4.2: zero padding).
     */
    private int writeWithAudioLevel(byte[] packet, int len, byte[] out, int audioLevel) {
        int h = RtpPacket.FIXED_HEADER_LENGTH;
        System.arraycopy(packet, 0, out, 0, h);
        out[0] = (byte) (out[0] | 0x10); // RFC 3550 §5.1: X
        out[h] = (byte) (RtpPacket.ONE_BYTE_PROFILE >>> 8);
        out[h + 1] = (byte) RtpPacket.ONE_BYTE_PROFILE;
        out[h + 2] = 0;
        out[h + 3] = 1;
        out[h + 4] = (byte) (audioLevelId << 4);
        out[h + 5] = (byte) audioLevel;
        out[h + 6] = 0;
        out[h + 7] = 0;
        System.arraycopy(packet, h, out, h + AUDIO_LEVEL_BLOCK, len - h);
        return len + AUDIO_LEVEL_BLOCK;
    }

    /**
     * RFC 4585 §6.2.1: resend what the subscriber lost, if the publication still has it — as RTX
     * (RFC 4588) when negotiated, else again on the media SSRC.
     */
    void onNack(int[] lostOutSeqs) {
        if (!started) {
            return;
        }
        for (int outSeq : lostOutSeqs) {
            int inSeq = (outSeq - seqOffset) & 0xFFFF;
            int len = source.storedLength(inSeq);
            if (len > 0) {
                byte[] stored = source.stored(inSeq);
                long inTs = ((stored[4] & 0xFFL) << 24) | ((stored[5] & 0xFFL) << 16) | ((stored[6] & 0xFFL) << 8)
                        | (stored[7] & 0xFFL);
                retransmissions++;
                if (rtxPayloadType >= 0) {
                    byte[] out = sink.scratch();
                    int n = RtxEncapsulation.write(stored, len, out, rtxPayloadType, rtxSeq, (inTs + tsOffset)
                            & 0xFFFFFFFFL, rtxSsrc, outSeq & 0xFFFF);
                    rtxSeq = (rtxSeq + 1) & 0xFFFF;
                    sink.sendRtp(out, 0, n);
                } else {
                    send(stored, len, inSeq, inTs, source.storedAudioLevel(inSeq));
                }
            }
        }
    }

    /**
     * The publisher's SR, translated to this subscription's SSRC and timestamp base (RFC 3550 §6.4.1), so
     * the subscriber can map audio and video of one stream onto the same wallclock.
     */
    void onSourceSenderReport(long ntp, long rtpTs) {
        if (!started) {
            return;
        }
        SenderReport sr = new SenderReport(ssrc, ntp, (rtpTs + tsOffset) & 0xFFFFFFFFL,
                packetsSent & 0xFFFFFFFFL, octetsSent & 0xFFFFFFFFL, List.of());
        byte[] out = sink.scratch();
        int n = sr.write(out, 0);
        sink.sendRtcp(out, 0, n);
    }
}
