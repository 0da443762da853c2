package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.media.MediaPeer;
import dev.parley.client.media.MediaReceiver;
import dev.parley.client.media.RtpHeader;
import dev.parley.client.media.UplinkOffer;
import dev.parley.media.MalformedPacketException;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.rtcp.FullIntraRequest;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.RtcpPacket;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The publish side of a client: one uplink media connection carrying one {@link LocalStream}. */
final class Publication implements MediaSource.RtpOutput, AutoCloseable {
    private static final int SRTP_ROOM = 64;

    private final LocalStream stream;
    private final MediaPeer peer;
    private final long audioSsrc;
    private final long videoSsrc;
    private final char audioMid;
    private final char videoMid;
    private int audioSeq = ThreadLocalRandom.current().nextInt(1 << 15); // guarded by this
    private int videoSeq = ThreadLocalRandom.current().nextInt(1 << 15); // guarded by this
    private final byte[] buf = new byte[1500 + SRTP_ROOM];                // guarded by this
    private final AtomicLong sentPackets = new AtomicLong();
    private String streamId;

    Publication(String userId, LocalStream stream, DtlsCertificate certificate, Executor dtlsExecutor) {
        this.stream = stream;
        this.peer = new MediaPeer(userId + "-up", certificate, dtlsExecutor);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.audioSsrc = stream.hasAudio() ? 1 + r.nextLong(0xFFFFFFFEL) : 0;
        this.videoSsrc = stream.hasVideo() ? 1 + r.nextLong(0xFFFFFFFEL) : 0;
        this.audioMid = '0';
        this.videoMid = stream.hasAudio() ? '1' : '0';
        peer.setReceiver(new MediaReceiver() {
            @Override
            public void onRtp(byte[] b, int len, boolean decrypted) {
            }

            @Override
            public void onRtcp(byte[] b, int len) {
                onFeedback(b, len);
            }
        });
    }

    /** Sends {@code publish}, connects the uplink, starts the source; returns the stream id. */
    String start(SignalChannel signal) throws ParleyException {
        String offer = UplinkOffer.create(peer.localIce(), peer.certificate().fingerprint(),
                "parley-" + Long.toHexString(audioSsrc ^ videoSsrc), audioSsrc, videoSsrc);
        JsonNode r = signal.request("publish", Map.of("offer", offer, "type", "main", "hasAudio", stream.hasAudio(),
                "hasVideo", stream.hasVideo(), "audioMuted", false, "videoMuted", false));
        streamId = r.path("streamId").asText();
        try {
            peer.connect(r.path("answer").asText());
        } catch (IOException e) {
            throw new ParleyException(ParleyException.ICE_TRANSPORT_ERROR, "ICE_TRANSPORT_ERROR",
                    "the uplink of stream " + streamId + " did not connect: " + e.getMessage(), e);
        }
        stream.source().start(this);
        return streamId;
    }

    String streamId() {
        return streamId;
    }

    long sentPackets() {
        return sentPackets.get();
    }

    @Override
    public synchronized void send(MediaSource.MediaKind kind, boolean marker, long timestamp, byte[] payload, int off,
            int len) {
        if (!peer.isConnected()) {
            return;
        }
        if (RtpHeader.LENGTH + len > 1500) {
            throw new IllegalArgumentException("an RTP payload of " + len + " bytes does not fit a 1500-byte packet");
        }
        boolean audio = kind == MediaSource.MediaKind.AUDIO;
        int seq = audio ? audioSeq++ : videoSeq++;
        RtpHeader.write(buf, audio ? UplinkOffer.OPUS_PT : UplinkOffer.VP8_PT, marker, seq & 0xFFFF, timestamp,
                audio ? audioSsrc : videoSsrc, audio ? audioMid : videoMid);
        System.arraycopy(payload, off, buf, RtpHeader.LENGTH, len);
        peer.sendRtp(buf, RtpHeader.LENGTH + len);
        sentPackets.incrementAndGet();
    }

    private void onFeedback(byte[] b, int len) {
        try {
            for (RtcpPacket p : RtcpCompound.parse(b, 0, len)) {
                if (p instanceof PictureLossIndication || p instanceof FullIntraRequest) {
                    stream.source().requestKeyframe();
                }
            }
        } catch (MalformedPacketException e) {
            // the server sends well-formed RTCP; nothing to act on in a packet that is not
        }
    }

    @Override
    public void close() {
        stream.source().stop();
        peer.close();
    }
}
