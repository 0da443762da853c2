package dev.parley.sfu.downlink;

import dev.parley.sfu.uplink.RetransmissionBuffer;
import dev.parley.media.codec.Vp8PayloadDescriptor;
import dev.parley.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A subscriber's downlink that keeps a parsed copy of every RTP packet it is sent; always connected. */
final class RecordingDownlink implements Subscription.Downstream {
    final List<RtpPacket> sent = new ArrayList<>();
    private final byte[] scratch = new byte[RetransmissionBuffer.SLOT_BYTES + 64];
    /** Whether the downlink's retransmission budget lets a resend through now. */
    boolean budget = true;

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        try {
            sent.add(new RtpPacket().wrap(Arrays.copyOfRange(buf, off, off + len), 0, len));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
    }

    @Override
    public boolean mayRetransmit(int bytes) {
        return budget;
    }

    @Override
    public byte[] scratch() {
        return scratch;
    }

    @Override
    public boolean connected() {
        return true;
    }

    RtpPacket last() {
        return sent.get(sent.size() - 1);
    }

    byte[] payload(int i) {
        RtpPacket p = sent.get(i);
        return Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    }

    Vp8PayloadDescriptor vp8(int i) throws Exception {
        RtpPacket p = sent.get(i);
        return Vp8PayloadDescriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength());
    }
}
