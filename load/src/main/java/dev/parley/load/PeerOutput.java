package dev.parley.load;

import dev.parley.client.MediaSource;
import dev.parley.client.media.MediaPeer;
import dev.parley.client.media.RtpHeader;
import dev.parley.client.media.UplinkOffer;
import java.util.concurrent.ThreadLocalRandom;

/** A synthetic source's packets over a bare {@link MediaPeer}: what the client's publication does, for Janus. */
final class PeerOutput implements MediaSource.RtpOutput {
    private final MediaPeer peer;
    private final long audioSsrc;
    private final long videoSsrc;
    private final byte[] buf = new byte[1600];
    private int audioSeq = ThreadLocalRandom.current().nextInt(1 << 15);
    private int videoSeq = ThreadLocalRandom.current().nextInt(1 << 15);

    PeerOutput(MediaPeer peer, long audioSsrc, long videoSsrc) {
        this.peer = peer;
        this.audioSsrc = audioSsrc;
        this.videoSsrc = videoSsrc;
    }

    @Override
    public synchronized void send(MediaSource.MediaKind kind, boolean marker, long timestamp, byte[] payload, int off,
            int len) {
        boolean audio = kind == MediaSource.MediaKind.AUDIO;
        int seq = audio ? audioSeq++ : videoSeq++;
        RtpHeader.write(buf, audio ? UplinkOffer.OPUS_PT : UplinkOffer.VP8_PT, marker, seq & 0xFFFF, timestamp,
                audio ? audioSsrc : videoSsrc, audio || audioSsrc == 0 ? '0' : '1');
        System.arraycopy(payload, off, buf, RtpHeader.LENGTH, len);
        peer.sendRtp(buf, RtpHeader.LENGTH + len);
    }
}
