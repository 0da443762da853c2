package dev.parley.sfu.downlink;

import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.RtpPacket;

/**
 * Writes forwarded packets as one subscriber sees them (the guide's "rewrite" step): its SSRC, sequence
 * numbers and timestamps ({@link OutputNumbering}), its header extensions (audio level, transport-wide
 * number), RED cut to the primary where it did not keep RED, VP8 descriptors continuing across layer
 * switches; and retransmissions on its RTX stream. Per packet: one copy into the downlink's scratch
 * buffer, no allocation. The subscription's media loop (the audio level's id is set from the SFU thread).
 */
final class SubscriberRewriter {
    private final Subscription.Downstream sink;
    private final long ssrc;
    private final OutputNumbering numbering;
    private final RedPrimary red;
    private final Vp8Continuity vp8Continuity; // null for other codecs
    private final RtxStream rtx;
    /** Set on the SFU thread (the answer), read per packet on the subscription's loop: volatile. */
    private volatile int audioLevelId = -1;

    SubscriberRewriter(Subscription.Downstream sink, long ssrc, OutputNumbering numbering, RedPrimary red,
                       Vp8Continuity vp8Continuity, RtxStream rtx) {
        this.sink = sink;
        this.ssrc = ssrc;
        this.numbering = numbering;
        this.red = red;
        this.vp8Continuity = vp8Continuity;
        this.rtx = rtx;
    }

    /** RFC 6464 levels go in a one-byte-header extension with this id (RFC 8285 §4.2), or none when -1. */
    void audioLevelId(int id) {
        audioLevelId = id;
    }

    int audioLevelId() {
        return audioLevelId;
    }

    /**
     * Rewrites the normalised packet for this subscriber and sends it.
     *
     * @return the payload bytes sent, or -1 when nothing was (a RED packet without a primary to send)
     */
    int send(byte[] packet, int len, int inSeq, long inTs, int audioLevel) {
        byte[] out = sink.scratch();
        int h = RtpPacket.FIXED_HEADER_LENGTH;
        int payloadOff = h;
        int payloadLen = len - h;
        boolean toPrimary = red.cuts(packet);
        if (toPrimary) {
            // Only the payload type and payload change: the primary's timestamp is the header's.
            if (!red.locate(packet, h, len - h)) {
                return -1;
            }
            payloadOff = red.primaryOffset();
            payloadLen = red.primaryLength();
        }
        int transportWideId = sink.transportWideId();
        int levelId = audioLevelId;
        boolean level = levelId > 0 && audioLevel >= 0;
        int ext = DownlinkExtensions.length(level, transportWideId > 0);
        System.arraycopy(packet, 0, out, 0, h);
        System.arraycopy(packet, payloadOff, out, h + ext, payloadLen);
        if (toPrimary) {
            out[1] = (byte) ((out[1] & 0x80) | red.primaryPayloadType());
        }
        int seqAt = -1;
        if (ext > 0) {
            out[0] = (byte) (out[0] | 0x10); // RFC 3550 §5.1: X
            seqAt = DownlinkExtensions.write(out, h, level ? levelId : -1, audioLevel, transportWideId);
        }
        int n = h + ext + payloadLen;
        BigEndian.putUint16(out, 2, numbering.outSeq(inSeq));
        BigEndian.putUint32(out, 4, numbering.outTs(inTs));
        BigEndian.putUint32(out, 8, ssrc);
        if (vp8Continuity != null) {
            vp8Continuity.rewrite(out, h + ext, n - h - ext);
        }
        sink.sendRtp(out, 0, n, seqAt);
        return payloadLen;
    }

    /** The stored packet again, as RFC 4588 RTX with original sequence number {@code osn}. */
    void resendAsRtx(byte[] stored, int len, long inTs, int osn) {
        byte[] out = sink.scratch();
        int transportWideId = sink.transportWideId();
        int n = rtx.write(stored, len, out, numbering.outTs(inTs), osn, transportWideId);
        if (vp8Continuity != null) {
            int payload = RtpPacket.FIXED_HEADER_LENGTH + DownlinkExtensions.length(false, transportWideId > 0)
                    + RtxEncapsulation.OVERHEAD;
            vp8Continuity.rewrite(out, payload, n - payload);
        }
        sink.sendRtp(out, 0, n, transportWideId > 0 ? RtxEncapsulation.TRANSPORT_WIDE_SEQ_AT : -1);
    }
}
